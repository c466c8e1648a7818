/**
 * Bootstrap intervals of the ROC metrics (roc-resample.ts), with the
 * resamples shared out between this thread and worker threads.
 *
 * Every resample b has its own generator (resampleRandom(seed, b)) and its
 * own slot in a shared array, so the result does not depend on which thread
 * computed what: threads claim chunks of resamples from a shared counter.
 * The caller's thread works too, so a worker that is slow to start (or never
 * starts) only costs the time it would have saved, and the call stays
 * synchronous: it waits on the shared counter, not on the event loop.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { Cells, drawResample, intervalsOf, resampleRandom, type BootstrapOptions, type Interval } from "./bootstrap.ts";
import { RocResampler, rocPass, rocResampleNames, type RocResampleOptions } from "./roc-resample.ts";

export interface RocBootstrapJob {
  sizes: Int32Array;
  flags: Uint8Array;
  options: RocResampleOptions;
  seed: number;
  resamples: number;
  /** [next resample to claim, resamples finished]. */
  progress: Int32Array;
  /** 1 once a chunk's values are written, per chunk. */
  chunkDone: Uint8Array;
  /** The statistics of resample b at [b · width, (b + 1) · width). */
  values: Float64Array;
}

const CHUNK = 8;
/** Cells × resamples below which threads cost more than they save. */
const PARALLEL_WORK = 2e7;
const MAX_WORKERS = 7;
/** How long to wait without progress before recomputing a worker's chunks here. */
const STALL_MS = 20_000;

/** Bootstrap intervals of the ROC metrics, keyed as rocResampleNames(options). */
export function bootstrapRoc(
  labels: Uint8Array,
  scores: Float64Array,
  options: RocResampleOptions,
  boot: BootstrapOptions,
): Record<string, Interval> {
  const resampler = new RocResampler(labels, scores, options);
  const names = rocResampleNames(options);
  const { resamples, seed, level = 0.95 } = boot;
  const shared = <T extends Int32Array | Uint8Array | Float64Array>(
    make: new (b: SharedArrayBuffer) => T,
    bytes: number,
  ) => new make(new SharedArrayBuffer(bytes));
  const job: RocBootstrapJob = {
    sizes: copyInto(shared(Int32Array, resampler.cells.sizes.byteLength), resampler.cells.sizes),
    flags: copyInto(shared(Uint8Array, resampler.flags.byteLength), resampler.flags),
    options,
    seed,
    resamples,
    progress: shared(Int32Array, 8),
    chunkDone: shared(Uint8Array, Math.ceil(resamples / CHUNK)),
    values: shared(Float64Array, resamples * names.length * 8),
  };
  const workers =
    resampler.cells.length * resamples < PARALLEL_WORK ? 0 : Math.min(MAX_WORKERS, availableParallelism() - 1);
  const started = Array.from({ length: workers }, () => startWorker(job));
  try {
    runResamples(job);
    awaitWorkers(job);
  } finally {
    for (const worker of started) void worker.terminate();
  }
  return intervalsOf(names, job.values, level);
}

/** Claims and computes chunks of resamples until none is left (in any thread). */
export function runResamples(job: RocBootstrapJob): void {
  const { sizes, flags, options, seed, resamples, progress, chunkDone, values } = job;
  const cells = new Cells(sizes);
  const counts = new Int32Array(cells.length);
  const out = new Float64Array(rocResampleNames(options).length);
  for (;;) {
    const from = Atomics.add(progress, 0, CHUNK);
    if (from >= resamples) return;
    const to = Math.min(from + CHUNK, resamples);
    for (let b = from; b < to; b++) {
      drawResample(resampleRandom(seed, b), counts, cells);
      values.set(rocPass(counts, flags, options, out), b * out.length);
    }
    Atomics.store(chunkDone, from / CHUNK, 1);
    Atomics.add(progress, 1, to - from);
    Atomics.notify(progress, 1);
  }
}

/** Waits for the chunks other threads claimed; recomputes them here if the workers stall. */
function awaitWorkers(job: RocBootstrapJob): void {
  const { progress, resamples } = job;
  for (let seen = Atomics.load(progress, 1); seen < resamples; seen = Atomics.load(progress, 1)) {
    if (Atomics.wait(progress, 1, seen, STALL_MS) === "timed-out" && Atomics.load(progress, 1) === seen) {
      recomputeUnfinished(job);
      return;
    }
  }
}

function recomputeUnfinished(job: RocBootstrapJob): void {
  const { chunkDone, resamples } = job;
  for (let chunk = 0; chunk < chunkDone.length; chunk++) {
    if (Atomics.load(chunkDone, chunk)) continue;
    const from = chunk * CHUNK;
    const single: RocBootstrapJob = {
      ...job,
      resamples: Math.min(from + CHUNK, resamples),
      progress: Int32Array.of(from, 0),
      chunkDone: new Uint8Array(chunkDone.length),
    };
    runResamples(single);
  }
}

/**
 * A worker running roc-bootstrap-worker, next to this module with its
 * extension (.ts from sources, .mjs from the scorer's bundle). From sources
 * the worker registers tsx itself: loader flags do not reach worker threads.
 */
function startWorker(job: RocBootstrapJob): Worker {
  const here = import.meta.url;
  const entry = new URL(`./roc-bootstrap-worker${here.slice(here.lastIndexOf("."))}`, here).href;
  const code = here.endsWith(".ts")
    ? `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(here)}))`
    : `import(${JSON.stringify(entry)})`;
  const worker = new Worker(code, { eval: true, workerData: job });
  worker.on("error", () => {}); // its chunks are recomputed here
  worker.unref();
  return worker;
}

function copyInto<T extends Int32Array | Uint8Array>(target: T, source: T): T {
  target.set(source);
  return target;
}
