// `npm run -s generate -- --challenge <slug> --out <dir>` writes a challenge's demo data.
import { mkdirSync } from "node:fs";
import { parseArgs } from "node:util";
import { findChallengeDefinition } from "./index.ts";

const { values } = parseArgs({ options: { challenge: { type: "string" }, out: { type: "string" } } });
const def = values.challenge ? findChallengeDefinition(values.challenge) : undefined;
if (!def?.generateDemoData || !values.out) {
  process.stderr.write("usage: generate --challenge top-tagging --out <dir>\n");
  process.exit(1);
}
mkdirSync(values.out, { recursive: true });
for (const f of await def.generateDemoData(values.out)) process.stdout.write(`${f.access.padEnd(12)} ${f.path}\n`);
