/** A byte count for people: 1.5 MB, 31.7 KB (decimal units). */
export function formatBytes(value: number | bigint): string {
  let n = Number(value);
  const units = ["B", "KB", "MB", "GB", "TB"];
  let u = 0;
  while (n >= 1000 && u < units.length - 1) {
    n /= 1000;
    u++;
  }
  return `${u === 0 ? n : n.toFixed(1)} ${units[u]}`;
}
