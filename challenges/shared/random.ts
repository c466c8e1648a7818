import { createCipheriv, createHash, randomBytes } from "node:crypto";

/**
 * What a generator is seeded with: a number or a string (an explicit seed
 * for tests and reproducible examples), or the secret of `secretSeed()`.
 */
export type Seed = string | number;

/**
 * A fresh secret seed (256 random bits). Hosted data is generated from one
 * that is never stored and never leaves the server, so the public generator
 * cannot reproduce the hidden truth.
 */
export function secretSeed(): string {
  return randomBytes(32).toString("hex");
}

/** An independent stream of `seed` for one part of a data set ("train", "event-1000", …). */
export function subSeed(seed: Seed, part: string): string {
  return `${seed}/${part}`;
}

const CHUNK = 64 * 1024;
const ZEROS = new Uint8Array(CHUNK);

/**
 * The seeded generator of the data generators: the same seed gives the same
 * numbers on every machine. It is the AES-256-CTR keystream under the key
 * SHA-256(seed): a cryptographic generator, because the data it makes is
 * half public (training files) and half hidden (test labels, black-box
 * contents). A small generator such as mulberry32 has 2³² states, so its seed
 * could be searched from the public files, and its later outputs, the hidden
 * ones, predicted from the earlier ones; AES-CTR's cannot.
 */
export class Random {
  private readonly cipher;
  private block = new DataView(new ArrayBuffer(0));
  private offset = 0;
  private spare: number | undefined;

  constructor(seed: Seed) {
    const key = createHash("sha256").update(`unblind-random\0${seed}`).digest();
    this.cipher = createCipheriv("aes-256-ctr", key, Buffer.alloc(16));
  }

  /** Uniform in [0, 1), from 32 random bits. */
  next(): number {
    if (this.offset === this.block.byteLength) {
      const bytes = this.cipher.update(ZEROS);
      this.block = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
      this.offset = 0;
    }
    // Little-endian words, so that every machine reads the same numbers.
    const word = this.block.getUint32(this.offset, true);
    this.offset += 4;
    return word / 4294967296;
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** An integer in [lo, hi]. */
  integer(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** Standard normal (Box–Muller, caching the second value). */
  normal(mean = 0, sigma = 1): number {
    if (this.spare !== undefined) {
      const z = this.spare;
      this.spare = undefined;
      return mean + sigma * z;
    }
    const u = 1 - this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return mean + sigma * r * Math.cos(2 * Math.PI * v);
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Poisson by inversion (fine for the small means used here). */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** The items in a random order (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}
