// Generates the Prisma client after `npm ci` / `npm install`, offline.
import { runPrismaCli } from "./prisma-cli.mjs";

await runPrismaCli(["generate"]).catch((error) => {
  console.error(error.message);
  process.exit(1);
});
