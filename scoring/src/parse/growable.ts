/** An append-only typed array that doubles its capacity as it fills. */
export class Growable<T extends Int32Array | Float64Array> {
  data: T;
  length = 0;

  constructor(
    private readonly make: (n: number) => T,
    capacity = 1024,
  ) {
    this.data = make(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) this.reserve(1);
    this.data[this.length++] = value;
  }

  /**
   * Room for `extra` more values, for loops that write `data` directly and
   * set `length` themselves. Returns `data`, which may be a new array.
   */
  reserve(extra: number): T {
    if (this.length + extra > this.data.length) {
      let capacity = this.data.length * 2;
      while (capacity < this.length + extra) capacity *= 2;
      const bigger = this.make(capacity);
      bigger.set(this.data.subarray(0, this.length));
      this.data = bigger;
    }
    return this.data;
  }

  /** The filled part, as a view (no copy). */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

export const int32s = (capacity?: number) => new Growable((n) => new Int32Array(n), capacity);
export const float64s = (capacity?: number) => new Growable((n) => new Float64Array(n), capacity);
