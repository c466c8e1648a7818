// Synthetic TrackML inputs for the benchmark, in the official formats:
// per-event truth files `event<9 digits>-truth.csv` (hit_id,particle_id,
// tx,ty,tz,tpx,tpy,tpz,weight, with the official weights) and one
// submission `event_id,hit_id,track_id` with realistic mistakes (stray hits,
// split tracks, noise). Cached under the system temp directory: generating
// 1.4 GB of CSV takes a while, scoring it should not.
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";
import { trackmlHitWeights } from "../src/metrics/trackml-weights.ts";
import { Random } from "../src/random.ts";

export interface TrackmlBenchData {
  truthDir: string;
  submission: string;
}

export async function trackmlBenchData(events: number, hitsPerEvent: number): Promise<TrackmlBenchData> {
  const root = path.join(os.tmpdir(), `unblind-bench-trackml-v2-${events}x${hitsPerEvent}`);
  const truthDir = path.join(root, "truth");
  const submission = path.join(root, "submission.csv");
  const done = path.join(root, "complete");
  if (existsSync(done)) return { truthDir, submission };
  mkdirSync(truthDir, { recursive: true });
  process.stderr.write(`generating ${events} TrackML events × ${hitsPerEvent} hits in ${root} (once)…\n`);
  const sub = new Writer(submission);
  sub.write("event_id,hit_id,track_id\n");
  for (let e = 0; e < events; e++) {
    const eventId = 1000 + e;
    const event = generateEvent(new Random(eventId), hitsPerEvent);
    const truth = new Writer(path.join(truthDir, `event${String(eventId).padStart(9, "0")}-truth.csv`));
    truth.write("hit_id,particle_id,tx,ty,tz,tpx,tpy,tpz,weight\n");
    for (let h = 0; h < hitsPerEvent; h++) {
      truth.write(
        `${h + 1},${event.particleIds[h]},${event.tx[h].toFixed(4)},${event.ty[h].toFixed(4)},${event.tz[h].toFixed(3)},${event.tp[h]},${event.weights[h]}\n`,
      );
      sub.write(`${eventId},${h + 1},${event.tracks[h]}\n`);
    }
    await truth.close();
  }
  await sub.close();
  writeFileSync(done, new Date().toISOString());
  return { truthDir, submission };
}

function generateEvent(random: Random, nHits: number) {
  const u = () => random.nextUint32() / 2 ** 32;
  const particleIds: string[] = new Array(nHits);
  const particleOf: bigint[] = new Array(nHits);
  const tx = new Float64Array(nHits);
  const ty = new Float64Array(nHits);
  const tz = new Float64Array(nHits);
  const tp: string[] = new Array(nHits);
  const tracks = new Float64Array(nHits);
  const particles: { particleId: bigint; vz: number; px: number; py: number }[] = [];
  let h = 0;
  let k = 0;
  const noiseHits = Math.floor(nHits * 0.1);
  while (h < nHits - noiseHits) {
    const n = Math.min(nHits - noiseHits - h, 1 + Math.floor(u() * 18));
    const id = 4503599627370496n + BigInt(k) * 1099511627776n + BigInt(Math.floor(u() * 1e6));
    const pt = 0.1 + 3 * u() ** 2;
    const phi = 2 * Math.PI * u();
    const vz = 50 * (u() - 0.5);
    particles.push({ particleId: id, vz, px: pt * Math.cos(phi), py: pt * Math.sin(phi) });
    const split = u() < 0.05; // the submission splits 5% of tracks in two
    for (let j = 0; j < n; j++, h++) {
      particleOf[h] = id;
      particleIds[h] = id.toString();
      const r = 30 + 60 * j;
      tx[h] = r * Math.cos(phi);
      ty[h] = r * Math.sin(phi);
      tz[h] = vz + 40 * j * (u() + 0.5);
      tp[h] = `${(pt * Math.cos(phi)).toFixed(5)},${(pt * Math.sin(phi)).toFixed(5)},${(pt * (u() - 0.5)).toFixed(5)}`;
      // A track per particle, with 3% stray hits.
      tracks[h] = u() < 0.03 ? 1 + Math.floor(u() * nHits) : split && j >= n / 2 ? 200000 + k : k + 1;
    }
    k++;
  }
  for (; h < nHits; h++) {
    particleOf[h] = 0n;
    particleIds[h] = "0";
    tx[h] = 1000 * (u() - 0.5);
    ty[h] = 1000 * (u() - 0.5);
    tz[h] = 3000 * (u() - 0.5);
    tp[h] = "0,0,0";
    tracks[h] = u() < 0.5 ? 0 : 1 + Math.floor(u() * nHits);
  }
  const weights = trackmlHitWeights(
    particleOf.map((particleId, i) => ({ particleId, tz: tz[i] })),
    particles,
  );
  return { particleIds, tx, ty, tz, tp, weights, tracks };
}

/** A file writer that batches lines into large writes. */
class Writer {
  private stream;
  private parts: string[] = [];
  private size = 0;
  constructor(file: string) {
    this.stream = createWriteStream(file);
  }
  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size > 1 << 20) this.flush();
  }
  private flush(): void {
    this.stream.write(this.parts.join(""));
    this.parts = [];
    this.size = 0;
  }
  async close(): Promise<void> {
    this.flush();
    this.stream.end();
    await once(this.stream, "finish");
  }
}
