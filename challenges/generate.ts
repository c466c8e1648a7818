// `npm run -s generate -- --challenge <slug> --out <dir> [--scale <x>] [--hits <n>]`
// writes a challenge's synthetic data; --scale multiplies the demo's event
// counts, --hits sets TrackML's hits per event.
import { mkdirSync } from "node:fs";
import { parseArgs } from "node:util";
import { findChallengeDefinition } from "./index.ts";

const { values } = parseArgs({ options: { challenge: { type: "string" }, out: { type: "string" }, scale: { type: "string" }, hits: { type: "string" } } });
const def = values.challenge ? findChallengeDefinition(values.challenge) : undefined;
const scale = Number(values.scale ?? "1");
const hitsPerEvent = values.hits === undefined ? undefined : Number(values.hits);
if (!def?.generateDemoData || !values.out || !(scale > 0 && scale <= 10_000) || (hitsPerEvent !== undefined && !(Number.isInteger(hitsPerEvent) && hitsPerEvent >= 100 && hitsPerEvent <= 200_000))) {
  process.stderr.write("usage: generate --challenge <top-tagging|trackml|lhco-2020|fpga-jet-tagging> --out <dir> [--scale <0 < x ≤ 10000>] [--hits <100 … 200000>]\n");
  process.exit(1);
}
mkdirSync(values.out, { recursive: true });
for (const f of await def.generateDemoData(values.out, { scale, hitsPerEvent })) process.stdout.write(`${f.access.padEnd(12)} ${f.path}\n`);
