// Arbitrary-precision fixed-point types as hls4ml writes them (Xilinx
// ap_fixed.h): ap_fixed<W,I,Q,O>, ap_ufixed<W,I,Q,O>, ap_int<W>, ap_uint<W>.
// W bits in all, I of them integer bits (sign included for ap_fixed), so the
// step is 2^-(W-I). Quantisation modes: AP_TRN (floor, the default), AP_RND
// (half up), AP_RND_CONV (half to even); overflow: AP_WRAP (the default),
// AP_SAT. Source: Vivado Design Suite User Guide: High-Level Synthesis
// (UG902), "Arbitrary Precision Fixed-Point Data Types".

export interface FixedType {
  text: string;
  signed: boolean;
  width: number;
  integer: number;
  rounding: "AP_TRN" | "AP_RND" | "AP_RND_CONV";
  overflow: "AP_WRAP" | "AP_SAT";
}

const ROUNDING = ["AP_TRN", "AP_RND", "AP_RND_CONV"] as const;
const OVERFLOW = ["AP_WRAP", "AP_SAT"] as const;

/** Parses a type; throws an Error whose message says what is wrong with it. */
export function parseFixedType(text: string): FixedType {
  const m = /^\s*(ap_fixed|ap_ufixed|ap_int|ap_uint)\s*<([^>]*)>\s*$/.exec(text);
  if (!m)
    throw new Error(`"${text}" is not a fixed-point type (ap_fixed<W,I>, ap_ufixed<W,I>, ap_int<W> or ap_uint<W>)`);
  const args = m[2].split(",").map((s) => s.trim());
  const isInt = m[1] === "ap_int" || m[1] === "ap_uint";
  const width = Number(args[0]);
  const integer = isInt ? width : Number(args[1]);
  if (isInt ? args.length !== 1 : args.length < 2 || args.length > 4)
    throw new Error(`"${text}": ${m[1]} takes ${isInt ? "one parameter" : "2 to 4 parameters"}`);
  if (!Number.isInteger(width) || width < 1 || width > 32)
    throw new Error(`"${text}": the width must be a whole number of bits from 1 to 32`);
  if (!Number.isInteger(integer) || integer > width || integer < -32)
    throw new Error(`"${text}": the integer bits must be a whole number at most the width`);
  const rounding = (args[2] ?? "AP_TRN") as FixedType["rounding"];
  const overflow = (args[3] ?? "AP_WRAP") as FixedType["overflow"];
  if (!ROUNDING.includes(rounding))
    throw new Error(`"${text}": quantisation mode ${rounding} is not supported (${ROUNDING.join(", ")})`);
  if (!OVERFLOW.includes(overflow))
    throw new Error(`"${text}": overflow mode ${overflow} is not supported (${OVERFLOW.join(", ")})`);
  return { text: text.trim(), signed: m[1] === "ap_fixed" || m[1] === "ap_int", width, integer, rounding, overflow };
}

/** The integer range of the type's raw value. */
export function rawRange(t: FixedType): { min: number; max: number } {
  return t.signed ? { min: -(2 ** (t.width - 1)), max: 2 ** (t.width - 1) - 1 } : { min: 0, max: 2 ** t.width - 1 };
}

/** Value to raw integer, as the cast to the type does. */
export function toRaw(t: FixedType, value: number): number {
  const scaled = value * 2 ** (t.width - t.integer);
  let q =
    t.rounding === "AP_TRN"
      ? Math.floor(scaled)
      : t.rounding === "AP_RND"
        ? Math.floor(scaled + 0.5)
        : roundHalfEven(scaled);
  const { min, max } = rawRange(t);
  if (t.overflow === "AP_SAT") q = Math.min(max, Math.max(min, q));
  else {
    const span = 2 ** t.width;
    q = q - span * Math.floor((q - min) / span);
  }
  return q;
}

export function quantize(t: FixedType, value: number): number {
  return toRaw(t, value) / 2 ** (t.width - t.integer);
}

export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Bits a constant raw integer needs in two's complement (sign included): what HLS sizes a constant multiplication by. */
export function significantBits(raw: number): number {
  if (raw === 0) return 0;
  return raw > 0 ? Math.floor(Math.log2(raw)) + 2 : Math.ceil(Math.log2(-raw)) + 1;
}

/**
 * Bits of a constant once HLS has narrowed it: its odd part in two's
 * complement (trailing zero bits are a free shift, leading sign bits are
 * dropped). 5·2⁴ = 80 needs 4 bits (0101), 300 = 75·2² needs 8.
 */
export function effectiveBits(raw: number): number {
  if (raw === 0) return 0;
  let odd = raw;
  while (odd % 2 === 0) odd /= 2;
  return significantBits(odd);
}

/** Non-zero digits of the canonical signed-digit form: the shift-and-add terms of a constant multiplication. */
export function csdDigits(raw: number): number {
  let n = Math.abs(raw);
  let digits = 0;
  while (n > 0) {
    if (n % 2 === 1) {
      digits++;
      n = n % 4 === 3 ? n + 1 : n - 1;
    }
    n /= 2;
  }
  return digits;
}
