// Synthetic TrackML inputs for the benchmark: per-event truth files
// `event<9 digits>-truth.csv` (hit_id,particle_id,tx,ty,tz,tpx,tpy,tpz,weight,
// with the official weights) and one submission `event_id,hit_id,track_id`
// with realistic mistakes (stray hits, split tracks, noise), in two forms:
// - "official", written as the official files are: floats as a C++ stream
//   writes them (1.00001e-05, cpp-stream.ts), hits in hit_id order with
//   their particles scattered, 18-digit particle ids, large track ids;
// - "plain", the benchmark's earlier convenient form (fixed decimals, hits
//   grouped by particle, 16-digit ids, small track ids), kept to compare.
// Cached under the system temp directory: generating 1.4 GB of CSV takes a
// while, scoring it should not.
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";
import { trackmlHitWeights } from "../src/metrics/trackml-weights.ts";
import { Random } from "../src/random.ts";
import { cppStream } from "./cpp-stream.ts";

export type TrackmlFormat = "official" | "plain";

export interface TrackmlBenchData {
  truthDir: string;
  submission: string;
}

export async function trackmlBenchData(
  events: number,
  hitsPerEvent: number,
  format: TrackmlFormat = "official",
): Promise<TrackmlBenchData> {
  const root = path.join(os.tmpdir(), `unblind-bench-trackml-v3-${format}-${events}x${hitsPerEvent}`);
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
    const random = new Random(eventId);
    const event = generateEvent(random, hitsPerEvent, format);
    const truth = new Writer(path.join(truthDir, `event${String(eventId).padStart(9, "0")}-truth.csv`));
    truth.write("hit_id,particle_id,tx,ty,tz,tpx,tpy,tpz,weight\n");
    // Official files list hits by hit_id, so a particle's hits are scattered through the file.
    const order = Uint32Array.from({ length: hitsPerEvent }, (_, i) => i);
    if (format === "official")
      for (let i = hitsPerEvent - 1; i > 0; i--) {
        const j = random.nextUint32() % (i + 1);
        [order[i], order[j]] = [order[j], order[i]];
      }
    const f = format === "official" ? cppStream : (x: number, digits: number) => x.toFixed(digits);
    for (let n = 0; n < hitsPerEvent; n++) {
      const h = order[n];
      const p = event.tp[h];
      const tp = p ? `${f(p[0], 5)},${f(p[1], 5)},${f(p[2], 5)}` : "0,0,0";
      const w = format === "official" ? cppStream(event.weights[h]) : String(event.weights[h]);
      truth.write(
        `${n + 1},${event.particleIds[h]},${f(event.tx[h], 4)},${f(event.ty[h], 4)},${f(event.tz[h], 3)},${tp},${w}\n`,
      );
      sub.write(`${eventId},${n + 1},${event.tracks[h]}\n`);
    }
    await truth.close();
  }
  await sub.close();
  writeFileSync(done, new Date().toISOString());
  return { truthDir, submission };
}

function generateEvent(random: Random, nHits: number, format: TrackmlFormat) {
  const u = () => random.nextUint32() / 2 ** 32;
  const particleIds: string[] = new Array(nHits);
  const particleOf: bigint[] = new Array(nHits);
  const tx = new Float64Array(nHits);
  const ty = new Float64Array(nHits);
  const tz = new Float64Array(nHits);
  const tp: ([number, number, number] | null)[] = new Array(nHits);
  // Official particle ids have 17 to 18 digits; participants' track ids can be large.
  const idBase = format === "official" ? 400000000000000000n : 4503599627370496n;
  const trackId = (k: number) => (format === "official" ? 1_000_003 * k + 17 : k);
  const tracks = new Float64Array(nHits);
  const particles: { particleId: bigint; vz: number; px: number; py: number }[] = [];
  let h = 0;
  let k = 0;
  const noiseHits = Math.floor(nHits * 0.1);
  while (h < nHits - noiseHits) {
    const n = Math.min(nHits - noiseHits - h, 1 + Math.floor(u() * 18));
    const id = idBase + BigInt(k) * 1099511627776n + BigInt(Math.floor(u() * 1e6));
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
      tp[h] = [pt * Math.cos(phi), pt * Math.sin(phi), pt * (u() - 0.5)];
      // A track per particle, with 3% stray hits.
      tracks[h] = u() < 0.03 ? trackId(1 + Math.floor(u() * nHits)) : trackId(split && j >= n / 2 ? 200000 + k : k + 1);
    }
    k++;
  }
  for (; h < nHits; h++) {
    particleOf[h] = 0n;
    particleIds[h] = "0";
    tx[h] = 1000 * (u() - 0.5);
    ty[h] = 1000 * (u() - 0.5);
    tz[h] = 3000 * (u() - 0.5);
    tp[h] = null;
    tracks[h] = u() < 0.5 ? 0 : trackId(1 + Math.floor(u() * nHits));
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
