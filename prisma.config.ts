// Prisma CLI configuration. `engine: "js"` makes migrate use the bundled
// WebAssembly schema engine through the pg driver adapter, so no native engine
// is downloaded (see ../shared/STACK.md: Prisma 7 cannot work offline here).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

export default defineConfig({
  experimental: { adapter: true },
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  engine: "js",
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url)
      throw new Error(
        "DATABASE_URL is not set: run migrations through `npm run db:migrate`, which starts the embedded database when needed",
      );
    return new PrismaPg({ connectionString: url });
  },
});
