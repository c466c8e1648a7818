const ZERO = 48;
const NINE = 57;

/** Where readIdDigits leaves the id's key: [hi, lo], as ByteCursor.uint64 makes it. */
export const idKey = new Float64Array(2);

/**
 * The usual form of an id, for the fast row loops: 1 to 19 digits without
 * leading zeros, starting at `p`. Writes the exact (hi, lo) key of
 * ByteCursor.uint64 to idKey and returns the position after the digits, or
 * -1 when the field is in another form (which the cursor then reads).
 */
export function readIdDigits(buf: Uint8Array, p: number): number {
  const first = p;
  let head = 0;
  let tail = 0;
  let ch: number;
  while ((ch = buf[p]) >= ZERO && ch <= NINE && p - first < 9) {
    head = head * 10 + (ch - ZERO);
    p++;
  }
  while ((ch = buf[p]) >= ZERO && ch <= NINE) {
    tail = tail * 10 + (ch - ZERO);
    p++;
  }
  const digits = p - first;
  if (digits === 0 || digits > 19 || (digits > 1 && buf[first] === ZERO)) return -1;
  idKey[0] = digits * 1e9 + head;
  idKey[1] = tail;
  return p;
}
