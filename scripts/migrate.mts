// `npm run -s migrate`: applies prisma/migrations to DATABASE_URL and creates
// the S3 bucket when it is missing. The deployment's migration job runs this
// before new web and scorer versions start (docs/operations.md).
import { parseEnv } from "@unblind/platform/config/env.ts";
import { migrate } from "@unblind/platform/db/migrate.ts";
import { createPlatform } from "@unblind/platform/platform.ts";

try {
  const env = parseEnv(process.env);
  if (!env.DATABASE_URL || !env.S3_ENDPOINT)
    throw new Error("DATABASE_URL and S3_ENDPOINT must be set (the embedded defaults are for npm start)");
  const { applied } = await migrate(env.DATABASE_URL);
  process.stdout.write(applied.length ? `applied: ${applied.join(", ")}\n` : "the database is up to date\n");
  const platform = createPlatform(env);
  await platform.storage.ensureBucket();
  await platform.db.$disconnect();
  process.stdout.write(`bucket ${env.S3_BUCKET} is ready\n`);
  // The AWS SDK keeps sockets alive; a one-shot job ends here.
  process.exit(0);
} catch (error) {
  process.stderr.write(`migrate failed: ${(error as Error).message}\n`);
  process.exit(1);
}
