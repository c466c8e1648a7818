/** A least-recently-used cache of response bodies, each valid for one stamp, bounded in entries and bytes. */
export interface CachedResponse {
  body: Uint8Array<ArrayBuffer>;
  headers: Record<string, string>;
}

export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse & { stamp: string }>();
  private bytes = 0;

  constructor(private readonly limits: { entries: number; bytes: number }) {}

  get(key: string, stamp: string): CachedResponse | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.delete(key);
    if (entry.stamp !== stamp) return undefined;
    this.entries.set(key, entry); // most recently used last
    this.bytes += entry.body.byteLength;
    return entry;
  }

  set(key: string, stamp: string, response: CachedResponse): void {
    if (response.body.byteLength > this.limits.bytes / 4) return;
    this.delete(key);
    this.entries.set(key, { ...response, stamp });
    this.bytes += response.body.byteLength;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.limits.entries && this.bytes <= this.limits.bytes) break;
      this.delete(oldest);
    }
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.body.byteLength;
  }
}
