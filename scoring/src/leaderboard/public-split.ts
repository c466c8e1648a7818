import { createHash } from "node:crypto";

/**
 * The hidden public/private split of a phase's test units (test rows, or
 * events for TrackML), in the manner of Kaggle's public and private
 * leaderboards.
 *
 * Definition: every unit id gets a keyed 32-bit hash h(key, id) (murmur3's
 * finaliser applied over the id's two 32-bit halves mixed with words of
 * SHA-256(key)); the round(fraction · n) units with the smallest hashes are
 * public, ties going to the earlier unit in truth order, and the rest are
 * private. At least one unit is on each side when n ≥ 2. The split depends
 * only on the key and the ids, so it is the same for every submission of the
 * phase, and it cannot be told without the key, which never leaves the
 * server and the scorer's sandbox.
 *
 * Cost: O(n log n) (one native sort of the hashes).
 */
export function publicMask(ids: ArrayLike<number>, key: string, fraction: number): Uint8Array {
  if (!(fraction > 0 && fraction < 1))
    throw new RangeError(`the public fraction must be between 0 and 1 (exclusive), not ${fraction}`);
  if (!key) throw new RangeError("the split key is empty");
  const n = ids.length;
  const digest = createHash("sha256").update(key).digest();
  const k0 = digest.readInt32LE(0);
  const k1 = digest.readInt32LE(4);
  const k2 = digest.readInt32LE(8);
  const hashes = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const id = ids[i];
    const lo = (id % 0x1_0000_0000) | 0;
    const hi = Math.floor(id / 0x1_0000_0000) | 0;
    hashes[i] = fmix32(fmix32(fmix32(lo ^ k0) ^ hi ^ k1) + k2) >>> 0;
  }
  const wanted = n < 2 ? n : Math.min(n - 1, Math.max(1, Math.round(fraction * n)));
  const mask = new Uint8Array(n);
  if (wanted === 0) return mask;
  const threshold = hashes.slice().sort()[wanted - 1];
  let taken = 0;
  for (let i = 0; i < n; i++) if (hashes[i] < threshold) (mask[i] = 1), taken++;
  for (let i = 0; i < n && taken < wanted; i++) if (hashes[i] === threshold) (mask[i] = 1), taken++;
  return mask;
}

/** murmur3's 32-bit finaliser (Appleby, MurmurHash3). */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The entries of `values` whose mask is `side` (1 public, 0 private), in order. */
export function pick<T extends Float64Array | Uint8Array>(values: T, mask: Uint8Array, side: 0 | 1): T {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] === side) n++;
  const out = new (values.constructor as new (n: number) => T)(n);
  for (let i = 0, j = 0; i < mask.length; i++) if (mask[i] === side) out[j++] = values[i];
  return out;
}
