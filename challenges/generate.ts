// `npm run -s generate -- --challenge <slug> --out <dir> [--scale <x>]` writes a
// challenge's demo data; --scale multiplies its event counts.
import { mkdirSync } from "node:fs";
import { parseArgs } from "node:util";
import { findChallengeDefinition } from "./index.ts";

const { values } = parseArgs({ options: { challenge: { type: "string" }, out: { type: "string" }, scale: { type: "string" } } });
const def = values.challenge ? findChallengeDefinition(values.challenge) : undefined;
const scale = Number(values.scale ?? "1");
if (!def?.generateDemoData || !values.out || !(scale > 0 && scale <= 10_000)) {
  process.stderr.write("usage: generate --challenge <top-tagging|trackml|lhco-2020> --out <dir> [--scale <0 < x ≤ 10000>]\n");
  process.exit(1);
}
mkdirSync(values.out, { recursive: true });
for (const f of await def.generateDemoData(values.out, scale)) process.stdout.write(`${f.access.padEnd(12)} ${f.path}\n`);
