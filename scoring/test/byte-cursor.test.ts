import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ByteCursor } from "../src/parse/byte-cursor.ts";
import { compareIds, IdTable } from "../src/trackml/id-table.ts";
import { Random } from "../src/random.ts";

function cursor(text: string) {
  const c = new ByteCursor("f.csv", ["a", "b"]);
  c.reset(Buffer.from(text), 2);
  return c;
}

describe("ByteCursor numbers", () => {
  it("parses decimals of up to 15 significant digits exactly as Number() does", () => {
    const random = new Random(1);
    for (let i = 0; i < 20000; i++) {
      const digits = String(random.nextUint32()) + String(random.nextUint32()).slice(0, 5);
      const text = `${random.below(2) ? "-" : ""}${digits.slice(0, 3)}.${digits.slice(3, 14)}e${random.below(40) - 20}`;
      assert.equal(cursor(`${text}\n`).float(), Number(text), text);
    }
    for (const t of ["0", "-0.0", "1.", ".5", "+2.5E3", "1e-300", "123456789012345678901234567890"])
      assert.equal(cursor(`${t}\n`).float(), Number(t), t);
  });
  it("keeps 17-digit reprs within 4 ulp", () => {
    for (const t of ["7.272799978189882e-06", "0.12345678901234567", "9.999999999999999e-23"]) {
      const v = cursor(`${t}\n`).float();
      assert.ok(Math.abs(v - Number(t)) <= 4 * Number.EPSILON * Math.abs(Number(t)), t);
    }
  });
  it("refuses NaN, infinities, empty fields and junk, naming line and column", () => {
    for (const [t, m] of [
      ["nan", /nan is not allowed/],
      ["-Inf", /-Inf is not allowed/],
      ["", /empty field/],
      ["1.2.3", /"1.2.3" is not a number/],
    ] as const) {
      assert.throws(
        () => cursor(`${t}\n`).float(),
        (e: Error & { line?: number; column?: number }) => m.test(e.message) && e.line === 2 && e.column === 1,
      );
    }
  });
  it("keys integers above 2^53 exactly, so that neighbours stay distinct and ordered", () => {
    const key = (t: string) => {
      const c = cursor(`${t}\n`);
      c.uint64();
      return [c.hi, c.lo] as const;
    };
    const ids = [
      "0",
      "7",
      "000123",
      "9007199254740992",
      "9007199254740993",
      "4503599627370496123",
      "18446744073709551615",
    ];
    const keys = ids.map(key);
    assert.deepEqual(key("000123"), key("123"));
    for (let i = 1; i < keys.length; i++) assert.ok(compareIds(...keys[i - 1], ...keys[i]) < 0, ids[i]);
    const table = new IdTable(2);
    const dense = keys.map(([hi, lo]) => table.intern(hi, lo));
    assert.equal(new Set(dense).size, keys.length);
    assert.equal(table.intern(...key("123")), dense[2]);
  });
});

describe("IdTable", () => {
  it("interns many ids densely in order of first appearance, growing as it fills", () => {
    const t = new IdTable(4);
    for (let i = 0; i < 10000; i++) assert.equal(t.intern(1e9 * 10 + i, i * 7), i);
    for (let i = 0; i < 10000; i++) assert.equal(t.intern(1e9 * 10 + i, i * 7), i);
    assert.equal(t.size, 10000);
    t.clear(10);
    assert.equal(t.intern(5, 5), 0);
  });
});
