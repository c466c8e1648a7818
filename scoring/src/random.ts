/**
 * A seeded pseudo-random generator (xoshiro128**, Blackman & Vigna 2018),
 * seeded through splitmix32 so that nearby seeds give unrelated streams.
 * Same seed, same sequence, on every platform: bootstrap intervals are
 * reproducible.
 */
export class Random {
  /** xoshiro128 state, kept as int32 words so V8 never boxes them. */
  private readonly s = new Int32Array(4);

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    for (let i = 0; i < 4; i++) this.s[i] = next();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /**
   * Fills `counts[i]` with independent Poisson(means[i]) draws (integer
   * means) and `ends[i]` with the running sum of the counts, and returns the
   * total. Means below 30 invert the cumulative distribution from one 31-bit
   * uniform, through a table; larger means use PTRS (Hörmann 1993, as numpy
   * does). The generator runs in local variables: this is the bootstrap's
   * hot loop.
   */
  fillPoisson(counts: Int32Array, means: Int32Array, ends: Int32Array): number {
    const s = this.s;
    let a = s[0];
    let b = s[1];
    let c = s[2];
    let d = s[3];
    let total = 0;
    for (let i = 0; i < counts.length; i++) {
      const mean = means[i];
      let k: number;
      if (mean < LARGE_MEAN) {
        const m = Math.imul(b, 5);
        const u = Math.imul((m << 7) | (m >>> 25), 9) >>> 1;
        const t = b << 9;
        c ^= a;
        d ^= b;
        b ^= c;
        a ^= d;
        c ^= t;
        d = rotl(d, 11);
        k = BUCKET[(mean << BUCKET_BITS) | (u >>> BUCKET_SHIFT)];
        if (k < 0) k = poissonInverse(mean, u);
      } else {
        s[0] = a;
        s[1] = b;
        s[2] = c;
        s[3] = d;
        k = this.poissonLarge(mean);
        a = s[0];
        b = s[1];
        c = s[2];
        d = s[3];
      }
      counts[i] = k;
      total += k;
      ends[i] = total;
    }
    s[0] = a;
    s[1] = b;
    s[2] = c;
    s[3] = d;
    return total;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    return ((this.nextUint32() >>> 5) * 67108864 + (this.nextUint32() >>> 6)) / 9007199254740992;
  }

  /** Poisson(mean) by transformed rejection with squeeze (PTRS, valid from 10; numpy's random_poisson_ptrs). */
  private poissonLarge(mean: number): number {
    const slam = Math.sqrt(mean);
    const logMean = Math.log(mean);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.uniform() - 0.5;
      const v = this.uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -mean + k * logMean - logGamma(k + 1))
        return k;
    }
  }

  /** A uniform integer in [0, n), for n ≤ 2^32 (multiply-shift; bias below n/2^32). */
  below(n: number): number {
    return Math.floor((this.nextUint32() * n) / 4294967296);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Means from here on are drawn by PTRS, below by inversion. */
const LARGE_MEAN = 30;
/** Enough k for the cumulative distribution of every mean below LARGE_MEAN to reach 2³¹. */
const MAX_K = 128;

/** P(X ≤ k)·2³¹ rounded, for X ~ Poisson(mean), at [mean·MAX_K + k]. */
const CDF: Int32Array = (() => {
  const out = new Int32Array(LARGE_MEAN * MAX_K);
  for (let mean = 0; mean < LARGE_MEAN; mean++) {
    let p = Math.exp(-mean);
    let cum = 0;
    for (let k = 0; k < MAX_K; k++) {
      cum += p;
      p *= mean / (k + 1);
      out[mean * MAX_K + k] = k === MAX_K - 1 ? 2 ** 31 - 1 : Math.min(Math.round(cum * 2 ** 31), 2 ** 31 - 1);
    }
  }
  return out;
})();

/** The smallest k with u < P(X ≤ k)·2³¹ for X ~ Poisson(mean), for a 31-bit uniform u. */
function poissonInverse(mean: number, u: number): number {
  const base = mean * MAX_K;
  let k = 0;
  while (k < MAX_K - 1 && u >= CDF[base + k]) k++;
  return k;
}

const BUCKET_BITS = 11;
const BUCKET_SHIFT = 31 - BUCKET_BITS;
/**
 * Inversion sped up by a lookup on the uniform's top 11 bits, at
 * [mean << BUCKET_BITS | bucket]: k for every uniform in the bucket, or −1
 * when the bucket straddles a boundary of the distribution (then the
 * comparison decides, so the draw stays exact).
 */
const BUCKET: Int8Array = (() => {
  const out = new Int8Array(LARGE_MEAN << BUCKET_BITS);
  for (let mean = 0; mean < LARGE_MEAN; mean++) {
    for (let j = 0; j < 1 << BUCKET_BITS; j++) {
      const first = poissonInverse(mean, j << BUCKET_SHIFT);
      const last = poissonInverse(mean, ((j + 1) << BUCKET_SHIFT) - 1);
      out[(mean << BUCKET_BITS) | j] = first === last ? first : -1;
    }
  }
  return out;
})();

/** ln Γ(x) for x ≥ 1 by the Stirling series (numpy's loggam). */
function logGamma(x: number): number {
  if (x === 1 || x === 2) return 0;
  const shift = x < 7 ? Math.floor(7 - x) : 0;
  let x0 = x + shift;
  const x2 = 1 / (x0 * x0);
  let series = STIRLING[9];
  for (let k = 8; k >= 0; k--) series = series * x2 + STIRLING[k];
  let lg = series / x0 + 0.5 * 1.8378770664093453 + (x0 - 0.5) * Math.log(x0) - x0;
  for (let k = 1; k <= shift; k++) {
    lg -= Math.log(x0 - 1);
    x0 -= 1;
  }
  return lg;
}

const STIRLING = [
  8.333333333333333e-2, -2.777777777777778e-3, 7.936507936507937e-4, -5.952380952380952e-4, 8.417508417508418e-4,
  -1.917526917526918e-3, 6.41025641025641e-3, -2.955065359477124e-2, 1.796443723688307e-1, -1.3924322169059,
];
