import { InputError } from "./input-error.ts";

const COMMA = 44;
const LF = 10;
const CR = 13;
const DOT = 46;
const MINUS = 45;
const PLUS = 43;
const ZERO = 48;

const UINT64_MAX = "18446744073709551615";
/** Exact powers of ten: every 10^k with k ≤ 22 is a double without rounding. */
export const POW10 = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * mantissa × 10^scale as every fast number reader computes it (ByteCursor.float
 * and the TrackML truth's fast path share it, so both give the same bits), or
 * NaN when the value needs the exact conversion (Number of the text): up to
 * 15 significant digits one exact operation on exact operands; 16 to 19 the
 * mantissa rounds once and each scaling step once (within 4 ulp).
 */
export function scaledMantissa(mantissa: number, digits: number, scale: number): number {
  if (digits <= 15 && scale >= -22 && scale <= 22)
    return scale < 0 ? mantissa / POW10[-scale] : mantissa * POW10[scale];
  if (digits > 15 && digits <= 19 && scale >= -44 && scale <= 44) {
    // Longer mantissas (such as Python's 17-digit float repr).
    if (scale < -22) return mantissa / POW10[22] / POW10[-scale - 22];
    if (scale < 0) return mantissa / POW10[-scale];
    if (scale > 22) return mantissa * POW10[22] * POW10[scale - 22];
    return mantissa * POW10[scale];
  }
  return Number.NaN;
}

/**
 * Reads a strict numeric CSV straight from bytes, field by field, without
 * making strings: the fast path for files of tens of millions of rows.
 *
 * The buffer must end on a line boundary (see readLineChunks). Every error is
 * an InputError naming the file, the 1-based line and the 1-based column.
 * Fields are unquoted; lines end in LF or CRLF.
 */
export class ByteCursor {
  buf: Buffer = Buffer.alloc(0);
  pos = 0;
  end = 0;
  /** Line number of the line being read (1 = header). */
  line = 0;
  /** 1-based field number of the field being read. */
  column = 1;
  /** Set by uint64(): an exact two-number key of the integer read. */
  hi = 0;
  lo = 0;

  constructor(
    readonly file: string,
    readonly columns: readonly string[],
  ) {}

  /** Points the cursor at a chunk; `firstLine` is the number of its first line. */
  reset(buf: Buffer, firstLine: number): void {
    this.buf = buf;
    this.pos = 0;
    this.end = buf.length;
    this.line = firstLine;
    this.column = 1;
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** True when the current line is empty (a blank line). */
  atBlankLine(): boolean {
    const c = this.buf[this.pos];
    return c === LF || (c === CR && this.buf[this.pos + 1] === LF);
  }

  error(message: string, column = this.column): InputError {
    return new InputError(message, this.file, this.line, column);
  }

  private name(): string {
    return this.columns[this.column - 1] ?? `column ${this.column}`;
  }

  /** Consumes the comma after a field; anything else is a located error. */
  comma(): void {
    const c = this.buf[this.pos];
    if (c === COMMA) {
      this.pos++;
      this.column++;
      return;
    }
    if (c === LF || c === CR || this.pos >= this.end) {
      throw this.error(
        `expected ${this.columns.length} columns (${this.columns.join(",")}), found ${this.column}`,
        this.column,
      );
    }
    throw this.error(`${this.name()}: unexpected character ${describe(c)}`);
  }

  /** Consumes the end of the line (LF, CRLF, or the end of a buffer whose last line has no LF). */
  endLine(): void {
    let c = this.buf[this.pos];
    if (c === CR) c = this.buf[++this.pos];
    if (c === LF || this.pos >= this.end) {
      this.pos = Math.min(this.pos + 1, this.end);
      this.line++;
      this.column = 1;
      return;
    }
    if (c === COMMA) {
      let n = this.column;
      for (let p = this.pos; p < this.end && this.buf[p] !== LF; p++) if (this.buf[p] === COMMA) n++;
      throw this.error(
        `expected ${this.columns.length} columns (${this.columns.join(",")}), found ${n}`,
        this.columns.length + 1,
      );
    }
    throw this.error(`${this.name()}: unexpected character ${describe(c)}`);
  }

  /** Skips a field whatever it holds (columns the score does not need). */
  skipField(): void {
    const buf = this.buf;
    let p = this.pos;
    let c = buf[p];
    while (c !== COMMA && c !== LF && c !== CR && p < this.end) c = buf[++p];
    this.pos = p;
  }

  /** A non-negative integer a double holds exactly (< 2^53). */
  uint(): number {
    const buf = this.buf;
    const start = this.pos;
    let p = start;
    let v = 0;
    let c = buf[p];
    while (c >= ZERO && c <= ZERO + 9) {
      v = v * 10 + (c - ZERO);
      c = buf[++p];
    }
    if (p === start || p - start > 16 || !Number.isSafeInteger(v)) this.badInteger(start, p, "a non-negative integer");
    this.pos = p;
    return v;
  }

  /**
   * A non-negative integer of up to 20 digits (any unsigned 64-bit id, such
   * as TrackML particle ids, which exceed 2^53), as an exact key in one pass:
   * `hi` = digits × 10⁹ + (its first nine digits), `lo` = the digits after
   * the ninth. Leading zeros are dropped, so equal numbers give equal keys,
   * and comparing (hi, lo) compares the numbers (see id-table.ts).
   */
  uint64(): void {
    const buf = this.buf;
    const start = this.pos;
    let p = start;
    let c = buf[p];
    while (c === ZERO && buf[p + 1] >= ZERO && buf[p + 1] <= ZERO + 9) c = buf[++p]; // leading zeros
    const first = p;
    let head = 0;
    let tail = 0;
    while (c >= ZERO && c <= ZERO + 9) {
      if (p - first < 9) head = head * 10 + (c - ZERO);
      else tail = tail * 10 + (c - ZERO);
      c = buf[++p];
    }
    const digits = p - first;
    if (digits === 0) this.badInteger(start, p, "a non-negative integer");
    if (digits > 20 || (digits === 20 && buf.toString("latin1", first, p) > UINT64_MAX)) {
      this.badInteger(start, p, "an unsigned 64-bit integer (at most 18446744073709551615)");
    }
    this.hi = digits * 1e9 + head;
    this.lo = tail;
    this.pos = p;
  }

  /**
   * A finite decimal number: [+-]digits[.digits][e[+-]digits]. NaN and ±Inf
   * are refused. Up to 15 significant digits and a power of ten up to 22 use
   * one exact division or multiplication, which IEEE rounds correctly; 16 to
   * 19 digits are within 4 ulp (relative 1e-15); anything else goes through
   * Number(). For summed quantities such as TrackML weights, not for scores
   * whose ties matter: those are parsed exactly from text.
   */
  float(): number {
    const buf = this.buf;
    const start = this.pos;
    let p = start;
    let c = buf[p];
    let negative = false;
    if (c === MINUS || c === PLUS) {
      negative = c === MINUS;
      c = buf[++p];
    }
    let mantissa = 0;
    let digits = 0; // significant digits accumulated
    let anyDigit = false;
    let scale = 0; // power of ten to apply
    while (c >= ZERO && c <= ZERO + 9) {
      anyDigit = true;
      if (digits > 0 || c !== ZERO) {
        if (digits < 19) mantissa = mantissa * 10 + (c - ZERO);
        else scale++;
        digits++;
      }
      c = buf[++p];
    }
    if (c === DOT) {
      c = buf[++p];
      while (c >= ZERO && c <= ZERO + 9) {
        anyDigit = true;
        if (digits > 0 || c !== ZERO) {
          if (digits < 19) {
            mantissa = mantissa * 10 + (c - ZERO);
            scale--;
          }
          digits++;
        } else scale--;
        c = buf[++p];
      }
    }
    if (!anyDigit) this.badNumber(start);
    if (c === 101 || c === 69) {
      // e or E
      c = buf[++p];
      let expNegative = false;
      if (c === MINUS || c === PLUS) {
        expNegative = c === MINUS;
        c = buf[++p];
      }
      const expStart = p;
      let exp = 0;
      while (c >= ZERO && c <= ZERO + 9) {
        if (exp < 100000) exp = exp * 10 + (c - ZERO);
        c = buf[++p];
      }
      if (p === expStart) this.badNumber(start);
      scale += expNegative ? -exp : exp;
    }
    if (c !== COMMA && c !== LF && c !== CR && p < this.end) this.badNumber(start);
    this.pos = p;
    let value = scaledMantissa(mantissa, digits, scale);
    if (Number.isNaN(value)) {
      value = Number(buf.toString("latin1", negative || buf[start] === PLUS ? start + 1 : start, p));
      if (!Number.isFinite(value))
        throw this.error(`${this.name()}: ${buf.toString("latin1", start, p)} overflows a double`);
    }
    return negative ? -value : value;
  }

  private fieldText(start: number): string {
    let p = start;
    while (p < this.end && this.buf[p] !== COMMA && this.buf[p] !== LF && this.buf[p] !== CR) p++;
    return this.buf.toString("utf8", start, Math.min(p, start + 40));
  }

  private badNumber(start: number): never {
    const text = this.fieldText(start);
    if (/^[+-]?(nan|inf|infinity)$/i.test(text.trim())) throw this.error(`${this.name()}: ${text} is not allowed`);
    if (text === "") throw this.error(`${this.name()}: empty field`);
    throw this.error(`${this.name()}: "${text}" is not a number`);
  }

  private badInteger(start: number, _p: number, what: string): never {
    const text = this.fieldText(start);
    if (text === "") throw this.error(`${this.name()}: empty field`);
    throw this.error(`${this.name()}: "${text}" is not ${what}`);
  }
}

function describe(c: number | undefined): string {
  if (c === undefined) return "end of file";
  if (c >= 0x20 && c < 0x7f) return `"${String.fromCharCode(c)}"`;
  return `byte 0x${c.toString(16).padStart(2, "0")}`;
}
