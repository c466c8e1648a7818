/**
 * A number as a C++ stream writes it by default (printf's %g with 6
 * significant digits: trailing zeros dropped, an exponent of at least two
 * digits below 1e-4 or from 1e6), as the official TrackML files hold their
 * floats: 1.00001e-05, 0.000123456, -1.23457e+06.
 */
export function cppStream(x: number): string {
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const [m, e] = x.toExponential(5).split("e");
  const exp = Number(e);
  const trim = (t: string) => (t.includes(".") ? t.replace(/0+$/, "").replace(/\.$/, "") : t);
  if (exp < -4 || exp >= 6) return `${trim(m)}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return trim(x.toFixed(Math.max(0, 5 - exp)));
}
