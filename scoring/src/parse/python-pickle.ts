// The few Python pickles PyTables writes into the attributes of a pandas
// table-format HDF5 file (`values_block_0_kind`, `non_index_axes`, `info`, …):
// lists, tuples and dicts of str, int, float, bool and None, pickled with
// protocol 0 (PyTables' choice) or, from other writers, protocols 1–5.
// Reading executes nothing: any opcode outside these plain values (GLOBAL,
// REDUCE, BUILD, …) is refused, so a crafted file cannot run code here.
// Writing produces protocol 0 exactly as PyTables does for such values.

export type PickleValue = string | number | bigint | boolean | null | PickleValue[] | PickleTuple | PickleDict;
export class PickleTuple {
  constructor(readonly items: PickleValue[]) {}
}
export class PickleDict {
  constructor(readonly entries: [PickleValue, PickleValue][]) {}
  get(key: string): PickleValue | undefined {
    return this.entries.find(([k]) => k === key)?.[1];
  }
}

const MARK = Symbol("mark");
type Slot = PickleValue | typeof MARK;

/** Python's raw-unicode-escape decoding of a protocol-0 text value: latin-1, with \uXXXX and \UXXXXXXXX escapes. */
function unicodeEscape(raw: string): string {
  return raw.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_, a, b) =>
    String.fromCodePoint(parseInt(a ?? b, 16)),
  );
}

function pyStringLiteral(s: string): string {
  const quote = s[0];
  if ((quote !== "'" && quote !== '"') || s.at(-1) !== quote) throw new Error("a STRING opcode without quotes");
  return s
    .slice(1, -1)
    .replace(/\\(x[0-9a-fA-F]{2}|n|t|r|\\|'|")/g, (_, e: string) =>
      e[0] === "x" ? String.fromCharCode(parseInt(e.slice(1), 16)) : ({ n: "\n", t: "\t", r: "\r" }[e] ?? e),
    );
}

/** Unpickles `bytes`; throws with the opcode and offset on anything it does not read. */
export function unpickle(bytes: Uint8Array): PickleValue {
  const stack: Slot[] = [];
  const memo = new Map<number, PickleValue>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = new TextDecoder("latin1");
  const utf8 = new TextDecoder("utf-8");
  let i = 0;
  const line = () => {
    const end = bytes.indexOf(0x0a, i);
    if (end < 0) throw new Error(`an unterminated line at byte ${i}`);
    const s = text.decode(bytes.subarray(i, end));
    i = end + 1;
    return s;
  };
  const take = (n: number) => {
    if (i + n > bytes.length) throw new Error(`a truncated pickle at byte ${i}`);
    const out = bytes.subarray(i, i + n);
    i += n;
    return out;
  };
  const popMark = (): PickleValue[] => {
    const at = stack.lastIndexOf(MARK);
    if (at < 0) throw new Error("no MARK on the stack");
    const items = stack.splice(at) as PickleValue[];
    items.shift();
    return items;
  };
  const top = (): PickleValue => {
    const v = stack.at(-1);
    if (v === undefined || v === MARK) throw new Error("an empty stack");
    return v;
  };
  const pop = (): PickleValue => {
    const v = stack.pop();
    if (v === undefined || v === MARK) throw new Error("an empty stack");
    return v;
  };
  const intOf = (s: string): number | bigint | boolean => {
    if (s === "01") return true;
    if (s === "00") return false;
    const n = BigInt(s.replace(/L$/, ""));
    return Number.isSafeInteger(Number(n)) ? Number(n) : n;
  };
  const toDict = (target: PickleValue, items: PickleValue[]) => {
    if (!(target instanceof PickleDict)) throw new Error("SETITEM on something not a dict");
    for (let k = 0; k + 1 < items.length; k += 2) target.entries.push([items[k], items[k + 1]]);
  };
  while (i < bytes.length) {
    const at = i;
    const op = bytes[i++];
    switch (op) {
      case 0x80: // PROTO
        i++;
        break;
      case 0x95: // FRAME
        i += 8;
        break;
      case 0x2e: // STOP
        if (stack.length !== 1) throw new Error("a pickle that does not end with one value");
        return pop();
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x49: // INT
        stack.push(intOf(line()));
        break;
      case 0x4c: // LONG
        stack.push(intOf(line()));
        break;
      case 0x4a: // BININT
        stack.push(view.getInt32(take(4).byteOffset - bytes.byteOffset, true));
        break;
      case 0x4b: // BININT1
        stack.push(take(1)[0]);
        break;
      case 0x4d: // BININT2
        stack.push(view.getUint16(take(2).byteOffset - bytes.byteOffset, true));
        break;
      case 0x8a: {
        // LONG1
        const n = take(1)[0];
        let v = 0n;
        const b = take(n);
        for (let k = n - 1; k >= 0; k--) v = (v << 8n) | BigInt(b[k]);
        if (n > 0 && b[n - 1] & 0x80) v -= 1n << BigInt(8 * n);
        stack.push(Number.isSafeInteger(Number(v)) ? Number(v) : v);
        break;
      }
      case 0x46: // FLOAT
        stack.push(Number(line()));
        break;
      case 0x47: // BINFLOAT (big-endian)
        stack.push(view.getFloat64(take(8).byteOffset - bytes.byteOffset, false));
        break;
      case 0x56: // UNICODE (raw-unicode-escape)
        stack.push(unicodeEscape(line()));
        break;
      case 0x53: // STRING
        stack.push(pyStringLiteral(line()));
        break;
      case 0x58: {
        // BINUNICODE
        const n = view.getUint32(take(4).byteOffset - bytes.byteOffset, true);
        stack.push(utf8.decode(take(n)));
        break;
      }
      case 0x8c: {
        // SHORT_BINUNICODE
        const n = take(1)[0];
        stack.push(utf8.decode(take(n)));
        break;
      }
      case 0x55: {
        // SHORT_BINSTRING
        const n = take(1)[0];
        stack.push(text.decode(take(n)));
        break;
      }
      case 0x54: {
        // BINSTRING
        const n = view.getInt32(take(4).byteOffset - bytes.byteOffset, true);
        stack.push(text.decode(take(n)));
        break;
      }
      case 0x6c: // LIST
        stack.push(popMark());
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x61: {
        // APPEND
        const v = pop();
        const list = top();
        if (!Array.isArray(list)) throw new Error("APPEND to something not a list");
        list.push(v);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        const list = top();
        if (!Array.isArray(list)) throw new Error("APPENDS to something not a list");
        list.push(...items);
        break;
      }
      case 0x74: // TUPLE
        stack.push(new PickleTuple(popMark()));
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push(new PickleTuple([]));
        break;
      case 0x85: // TUPLE1
        stack.push(new PickleTuple([pop()]));
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        stack.push(new PickleTuple([pop(), b]));
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        stack.push(new PickleTuple([pop(), b, c]));
        break;
      }
      case 0x64: {
        // DICT
        const d = new PickleDict([]);
        toDict(d, popMark());
        stack.push(d);
        break;
      }
      case 0x7d: // EMPTY_DICT
        stack.push(new PickleDict([]));
        break;
      case 0x73: {
        // SETITEM
        const v = pop();
        const k = pop();
        toDict(top(), [k, v]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        toDict(top(), items);
        break;
      }
      case 0x70: // PUT
        memo.set(Number(line()), top());
        break;
      case 0x71: // BINPUT
        memo.set(take(1)[0], top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(view.getUint32(take(4).byteOffset - bytes.byteOffset, true), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x67: // GET
      case 0x68: // BINGET
      case 0x6a: {
        // LONG_BINGET
        const k =
          op === 0x67
            ? Number(line())
            : op === 0x68
              ? take(1)[0]
              : view.getUint32(take(4).byteOffset - bytes.byteOffset, true);
        if (!memo.has(k)) throw new Error(`memo ${k} is not set`);
        stack.push(memo.get(k)!);
        break;
      }
      default:
        throw new Error(
          `opcode 0x${op.toString(16)} at byte ${at} is not a plain value (only lists, tuples, dicts, text, numbers, booleans and None are read)`,
        );
    }
  }
  throw new Error("a pickle without STOP");
}

/** Protocol 0, as PyTables writes attributes (`pickle.dumps(value, 0)`). */
export function pickleProtocol0(value: PickleValue): string {
  let memo = 0;
  const put = () => `p${memo++}\n`;
  const str = (s: string) => {
    let out = "V";
    for (const c of s) {
      const code = c.codePointAt(0)!;
      if (code === 0x5c || code < 0x20 || code >= 0x80)
        out += code > 0xffff ? `\\U${code.toString(16).padStart(8, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
      else out += c;
    }
    return `${out}\n${put()}`;
  };
  const one = (v: PickleValue): string => {
    if (v === null) return "N";
    if (v === true) return "I01\n";
    if (v === false) return "I00\n";
    if (typeof v === "bigint") return `I${v}\n`;
    if (typeof v === "number") return Number.isInteger(v) ? `I${v}\n` : `F${v}\n`;
    if (typeof v === "string") return str(v);
    if (Array.isArray(v)) {
      let out = `(l${put()}`;
      for (const item of v) out += `${one(item)}a`;
      return out;
    }
    if (v instanceof PickleTuple) {
      let out = "(";
      for (const item of v.items) out += one(item);
      return `${out}t${put()}`;
    }
    let out = `(d${put()}`;
    for (const [k, item] of v.entries) out += `${one(k)}${one(item)}s`;
    return out;
  };
  return `${one(value)}.`;
}
