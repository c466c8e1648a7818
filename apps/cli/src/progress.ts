// A progress bar on stderr when it is a terminal; a single line at the end otherwise.
export class Progress {
  private done = 0;
  private last = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  add(bytes: number): void {
    this.done += bytes;
    const now = Date.now();
    if (this.stream.isTTY && now - this.last > 100) {
      this.last = now;
      this.draw();
    }
  }

  finish(note = "done"): void {
    if (this.stream.isTTY) this.draw();
    this.stream.write(`${this.stream.isTTY ? "\n" : ""}${this.label}: ${formatBytes(this.done)} ${note}\n`);
  }

  private draw(): void {
    const fraction = this.total > 0 ? Math.min(1, this.done / this.total) : 1;
    const width = 30;
    const bar = "#".repeat(Math.round(fraction * width)).padEnd(width, ".");
    this.stream.write(
      `\r${this.label} [${bar}] ${(fraction * 100).toFixed(0).padStart(3)}% ${formatBytes(this.done)}/${formatBytes(this.total)}`,
    );
  }
}

export function formatBytes(n: number): string {
  const units = ["B", "kB", "MB", "GB"];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) (n /= 1000), i++;
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}
