import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { Random } from "../src/random.ts";
import { ascendingOrder, IdTable } from "../src/trackml/id-table.ts";
import { openTruth } from "../src/trackml/truth.ts";
import { ByteCursor } from "../src/parse/byte-cursor.ts";
import { cppStream } from "../bench/cpp-stream.ts";

const dir = mkdtempSync(path.join(tmpdir(), "unblind-truth-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A string of `n` random digits. */
function digits(random: Random, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String(random.nextUint32() % 10);
  return s;
}

/** Weights in the forms a truth file may hold: short, Python's 17 digits, over 19 digits, leading zeros, exponents of every form. */
function weight(random: Random): string {
  const u = () => random.nextUint32() / 2 ** 32;
  const forms = [
    () => cppStream(u() * 10 ** -(random.nextUint32() % 9)), // C++ streams: 1.00001e-05, 0.000123, 0.5
    () => `${digits(random, 1)}.${digits(random, 16)}e-${String(1 + (random.nextUint32() % 12)).padStart(2, "0")}`,
    () => `${digits(random, 1)}.${digits(random, 3)}E+${random.nextUint32() % 3}`,
    () => `${digits(random, 1 + (random.nextUint32() % 3))}e${random.nextUint32() % 5}`,
    () => ["-0", "-0.0", "0.000000", "1e+00", "1e-0", "0e-5"][random.nextUint32() % 6],
    () => `0.${digits(random, 1 + (random.nextUint32() % 25))}`,
    () => `0.00000${digits(random, 16 + (random.nextUint32() % 3))}`,
    () => `${digits(random, 1 + (random.nextUint32() % 3))}.${digits(random, random.nextUint32() % 4)}`,
    () => `00${digits(random, 2)}.${digits(random, 2)}`,
    () => `${digits(random, 1 + (random.nextUint32() % 8))}e-${1 + (random.nextUint32() % 30)}`,
    () => "0",
  ];
  return forms[random.nextUint32() % forms.length]();
}

/** Particle ids of 1 to 20 digits, some with leading zeros, within 2^64 − 1. */
function particleId(random: Random): string {
  const n = 1 + (random.nextUint32() % 19);
  const id = String(BigInt(`1${digits(random, n - 1)}`) % 18446744073709551615n);
  return random.nextUint32() % 8 === 0 ? `00${id}` : id;
}

describe("TrackML truth reading", () => {
  it("writes weights as a C++ stream does", () => {
    assert.deepEqual([1.00001e-5, 0.000123456, 0.5, 2, 1234567, 0.1 + 0.2, 3.14159265e-10].map(cppStream), [
      "1.00001e-05",
      "0.000123456",
      "0.5",
      "2",
      "1.23457e+06",
      "0.3",
      "3.14159e-10",
    ]);
  });

  it("reads the official per-event layout exactly as the general column reader reads a combined file", async () => {
    const random = new Random(11);
    const lines = Array.from(
      { length: 5000 },
      (_, i) => `${i + 1},${particleId(random)},1.5,-2,3e1,0,0,0,${weight(random)}`,
    );
    const perEvent = path.join(dir, "per-event");
    mkdirSync(perEvent);
    writeFileSync(
      path.join(perEvent, "event000000007-truth.csv"),
      `hit_id,particle_id,tx,ty,tz,tpx,tpy,tpz,weight\n${lines.join("\n")}\n`,
    );
    const combined = path.join(dir, "combined.csv");
    writeFileSync(
      combined,
      `event_id,hit_id,particle_id,tx,ty,tz,tpx,tpy,tpz,weight\n${lines.map((l) => `7,${l}`).join("\n")}\n`,
    );

    const fast = await (await openTruth(perEvent)).load(7);
    const general = await (await openTruth(combined)).load(7);
    assert.deepEqual(fast.hitIds, general.hitIds);
    assert.deepEqual(fast.particle, general.particle);
    assert.equal(fast.nParticles, general.nParticles);
    assert.equal(fast.noise, general.noise);
    assert.deepEqual(fast.weight, general.weight); // bit for bit
    // And both agree with JavaScript's own parse to within 4 ulp.
    lines.forEach((line, i) => {
      const exact = Number(line.slice(line.lastIndexOf(",") + 1));
      assert.ok(Math.abs(fast.weight[i] - exact) <= 4 * Number.EPSILON * Math.abs(exact), `${line}: ${fast.weight[i]}`);
    });
  });
});

describe("particle id order", () => {
  for (const n of [1, 1000, (1 << 16) + 5]) {
    it(`orders ${n} ids of up to 20 digits numerically, as BigInt does`, () => {
      const random = new Random(n);
      const ids = Array.from({ length: n }, () => particleId(random).replace(/^0+(?=\d)/, ""));
      ids.push("18446744073709551615", "0", "9007199254740993", "9007199254740992");
      const table = new IdTable(ids.length);
      const cursor = new ByteCursor("ids", ["id"]);
      for (const id of ids) {
        cursor.reset(Buffer.from(`${id}\n`), 1);
        cursor.uint64();
        table.intern(cursor.hi, cursor.lo);
      }
      const distinct = [...new Set(ids)];
      const order = ascendingOrder(table.his, table.los, table.size);
      const expected = distinct.map((_, k) => k).sort((a, b) => (BigInt(distinct[a]) < BigInt(distinct[b]) ? -1 : 1));
      assert.deepEqual([...order], expected);
    });
  }
});
