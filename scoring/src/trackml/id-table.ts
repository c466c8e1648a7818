/**
 * Interns 64-bit ids given as (hi, lo) keys (see ByteCursor.uint64) into
 * dense indices 0, 1, 2… in order of first appearance. Open addressing with
 * linear probing over typed arrays: no strings, no BigInt, no per-id objects.
 * Reusable: clear() keeps the allocated capacity.
 */
export class IdTable {
  private slots = new Int32Array(0); // dense index + 1; 0 = empty
  private mask = 0;
  his = new Float64Array(0);
  los = new Float64Array(0);
  size = 0;

  constructor(expected = 1024) {
    this.clear(expected);
  }

  /** Empties the table, sized for about `expected` distinct ids. */
  clear(expected: number): void {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    if (capacity > this.slots.length) {
      this.slots = new Int32Array(capacity);
      this.his = new Float64Array(capacity / 2);
      this.los = new Float64Array(capacity / 2);
    } else {
      this.slots.fill(0);
    }
    this.mask = this.slots.length - 1;
    this.size = 0;
  }

  /** The dense index of (hi, lo), adding it when new. */
  intern(hi: number, lo: number): number {
    let h = (Math.imul(lo | 0, 0x9e3779b1) ^ Math.imul(hi | 0, 0x85ebca6b) ^ ((lo / 4294967296) | 0)) >>> 0;
    h = (h ^ (h >>> 15)) & this.mask;
    const slots = this.slots;
    for (;;) {
      const s = slots[h];
      if (s === 0) break;
      if (this.los[s - 1] === lo && this.his[s - 1] === hi) return s - 1;
      h = (h + 1) & this.mask;
    }
    if ((this.size + 1) * 2 > slots.length) {
      this.grow();
      return this.intern(hi, lo);
    }
    const index = this.size++;
    slots[h] = index + 1;
    this.his[index] = hi;
    this.los[index] = lo;
    return index;
  }

  private grow(): void {
    const n = this.size;
    const oldHis = this.his.slice(0, n);
    const oldLos = this.los.slice(0, n);
    this.slots = new Int32Array(this.slots.length * 2);
    this.his = new Float64Array(this.slots.length / 2);
    this.los = new Float64Array(this.slots.length / 2);
    this.mask = this.slots.length - 1;
    this.size = 0;
    for (let i = 0; i < n; i++) this.intern(oldHis[i], oldLos[i]);
  }
}

/**
 * The first `n` ids of a table in ascending numeric order, as dense indices.
 * Up to 2^16 ids (a TrackML event has about 10^4 particles) this is two
 * native sorts of packed keys, exact because lo < 10^11 and hi < 2.2·10^10
 * times 2^16 stay below 2^53: by lo, then stably by hi. Beyond that, a
 * comparator sort.
 */
export function ascendingOrder(his: Float64Array, los: Float64Array, n: number): Int32Array {
  const order = new Int32Array(n);
  if (n > PACK) {
    for (let k = 0; k < n; k++) order[k] = k;
    return order.sort((a, b) => compareIds(his[a], los[a], his[b], los[b]));
  }
  const keys = new Float64Array(n);
  for (let k = 0; k < n; k++) keys[k] = los[k] * PACK + k;
  keys.sort();
  const byLo = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    byLo[r] = keys[r] % PACK;
    keys[r] = his[byLo[r]] * PACK + r; // hi first, then the rank by lo
  }
  keys.sort();
  for (let r = 0; r < n; r++) order[r] = byLo[keys[r] % PACK];
  return order;
}
const PACK = 1 << 16;

/** Compares two (hi, lo) keys; the order is the numeric order of the ids. */
export function compareIds(hiA: number, loA: number, hiB: number, loB: number): number {
  return hiA !== hiB ? hiA - hiB : loA - loB;
}

/** The key of id 0 (TrackML noise). */
export const ZERO_ID = { hi: 1e9, lo: 0 };
