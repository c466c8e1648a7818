// `npm run -s generate -- --challenge <slug> --out <dir> [--scale <x>] [--hits <n>] [--seed <s>]`
// writes a challenge's synthetic data; --scale multiplies the demo's event
// counts, --hits sets TrackML's hits per event. --seed makes the output
// reproducible (tests, examples); without it the seed is a fresh secret, as
// for the data the platform hosts, so the same command never reproduces the
// hidden truth of a hosted challenge.
import { mkdirSync } from "node:fs";
import { parseArgs } from "node:util";
import { findChallengeDefinition } from "./index.ts";
import { secretSeed } from "./shared/random.ts";

const { values } = parseArgs({
  options: {
    challenge: { type: "string" },
    out: { type: "string" },
    scale: { type: "string" },
    hits: { type: "string" },
    seed: { type: "string" },
  },
});
const def = values.challenge ? findChallengeDefinition(values.challenge) : undefined;
const scale = Number(values.scale ?? "1");
const hitsPerEvent = values.hits === undefined ? undefined : Number(values.hits);
const seedOk = values.seed === undefined || /^[\x21-\x7e]{1,200}$/.test(values.seed);
if (
  !def?.generateDemoData ||
  !values.out ||
  !seedOk ||
  !(scale > 0 && scale <= 10_000) ||
  (hitsPerEvent !== undefined && !(Number.isInteger(hitsPerEvent) && hitsPerEvent >= 100 && hitsPerEvent <= 200_000))
) {
  process.stderr.write(
    "usage: generate --challenge <top-tagging|trackml|lhco-2020|fpga-jet-tagging> --out <dir> [--scale <0 < x ≤ 10000>] [--hits <100 … 200000>] [--seed <1 to 200 printable characters>]\n",
  );
  process.exit(1);
}
mkdirSync(values.out, { recursive: true });
const seed = values.seed ?? secretSeed();
if (values.seed === undefined) process.stderr.write(`seed ${seed} (pass --seed to reproduce this data)\n`);
for (const f of await def.generateDemoData(values.out, { seed, scale, hitsPerEvent }))
  process.stdout.write(`${f.access.padEnd(12)} ${f.path}\n`);
