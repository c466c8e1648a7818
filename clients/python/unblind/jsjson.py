"""Output exactly as the Node CLI prints it: JSON.stringify(value, null, 2) and
Number.prototype.toPrecision, so that both CLIs agree byte for byte."""

import json
import math
from decimal import Decimal


def js_number(x):
    """A number as JavaScript's String(x) (the shortest round trip, JS's exponent rules)."""
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        return str(x)
    if math.isnan(x) or math.isinf(x):
        return "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    t = Decimal(repr(abs(x))).as_tuple()
    digits = "".join(map(str, t.digits)).rstrip("0") or "0"
    n = len("".join(map(str, t.digits))) + t.exponent  # value = 0.d1d2… × 10^n
    k = len(digits)
    if k <= n <= 21:
        body = digits + "0" * (n - k)
    elif 0 < n <= 21:
        body = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        body = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        body = digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + ("+" if e >= 0 else "-") + str(abs(e))
    return sign + body


def to_precision(x, p=6):
    """Number.prototype.toPrecision(p)."""
    if math.isnan(x) or math.isinf(x):
        return js_number(x)
    if x == 0:
        return "0" if p == 1 else "0." + "0" * (p - 1)
    mantissa, exp = f"{x:.{p - 1}e}".split("e")
    e = int(exp)
    if e < -6 or e >= p:
        return f"{mantissa}e{'+' if e >= 0 else '-'}{abs(e)}"
    return f"{x:.{max(0, p - 1 - e)}f}"


def stringify(value, indent=2, level=0):
    """JSON.stringify(value, null, 2)."""
    pad = " " * (indent * (level + 1))
    end = " " * (indent * level)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            return "null"
        return js_number(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(pad + stringify(v, indent, level + 1) for v in value) + "\n" + end + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{pad}{json.dumps(str(k), ensure_ascii=False)}: {stringify(v, indent, level + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + end + "}"
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
