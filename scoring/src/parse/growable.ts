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
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** The filled part, as a view (no copy). */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

export const int32s = (capacity?: number) => new Growable((n) => new Int32Array(n), capacity);
export const float64s = (capacity?: number) => new Growable((n) => new Float64Array(n), capacity);
