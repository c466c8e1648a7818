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
   * Fills `counts` with independent Poisson(1) draws and returns their sum:
   * inversion of a 31-bit uniform against the cumulative table, sped up by a
   * lookup on the uniform's top 11 bits (exact: buckets that straddle a
   * boundary fall back to the comparison). The generator runs in local
   * variables here: this is the bootstrap's hot loop.
   */
  fillPoisson1(counts: Int32Array): number {
    const s = this.s;
    let a = s[0];
    let b = s[1];
    let c = s[2];
    let d = s[3];
    let total = 0;
    for (let i = 0; i < counts.length; i++) {
      const m = Math.imul(b, 5);
      const u = Math.imul((m << 7) | (m >>> 25), 9) >>> 1;
      const t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = rotl(d, 11);
      let k = POISSON1_BUCKET[u >>> BUCKET_SHIFT];
      if (k < 0) k = poisson1Inverse(u);
      counts[i] = k;
      total += k;
    }
    s[0] = a;
    s[1] = b;
    s[2] = c;
    s[3] = d;
    return total;
  }

  /** A uniform integer in [0, n), for n ≤ 2^32 (multiply-shift; bias below n/2^32). */
  below(n: number): number {
    return Math.floor((this.nextUint32() * n) / 4294967296);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** P(X ≤ k)·2³¹ for X ~ Poisson(1), up to where it reaches 2³¹. */
const POISSON1_CDF: Int32Array = (() => {
  const out: number[] = [];
  let p = Math.exp(-1);
  let cum = 0;
  for (let k = 0; k < 20; k++) {
    cum += p;
    p /= k + 1;
    out.push(Math.min(Math.round(cum * 2 ** 31), 2 ** 31 - 1));
  }
  return Int32Array.from(out);
})();

/** The smallest k with u < P(X ≤ k)·2³¹. */
function poisson1Inverse(u: number): number {
  let k = 0;
  while (k < POISSON1_CDF.length - 1 && u >= POISSON1_CDF[k]) k++;
  return k;
}

const BUCKET_BITS = 11;
const BUCKET_SHIFT = 31 - BUCKET_BITS;
/** k for every uniform whose top bits select the bucket, or -1 when the bucket straddles a boundary. */
const POISSON1_BUCKET: Int8Array = Int8Array.from({ length: 1 << BUCKET_BITS }, (_, j) => {
  const first = poisson1Inverse(j << BUCKET_SHIFT);
  return first === poisson1Inverse(((j + 1) << BUCKET_SHIFT) - 1) ? first : -1;
});
