import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Random, secretSeed, subSeed } from "../shared/random.ts";

const draw = (seed: string | number, n = 5) => {
  const r = new Random(seed);
  return Array.from({ length: n }, () => r.next());
};

describe("the generators' Random", () => {
  it("gives the same numbers for the same seed, and other numbers for another or a sub-seed", () => {
    assert.deepEqual(draw("x"), draw("x"));
    assert.deepEqual(draw(7), draw("7"));
    assert.notDeepEqual(draw("x"), draw("y"));
    assert.notDeepEqual(draw("x"), draw(subSeed("x", "test")));
  });

  it("is the AES-256-CTR keystream of SHA-256 of the seed, read as little-endian 32-bit words", async () => {
    const { createCipheriv, createHash } = await import("node:crypto");
    const key = createHash("sha256").update("unblind-random\0demo").digest();
    const stream = createCipheriv("aes-256-ctr", key, Buffer.alloc(16)).update(Buffer.alloc(8));
    assert.deepEqual(draw("demo", 2), [stream.readUInt32LE(0) / 2 ** 32, stream.readUInt32LE(4) / 2 ** 32]);
  });

  it("stays in [0, 1) across a chunk boundary and is uniform (mean 1/2, variance 1/12)", () => {
    const r = new Random("uniform");
    let sum = 0;
    let squares = 0;
    const n = 100_000; // past the 16,384 words of one keystream chunk
    for (let i = 0; i < n; i++) {
      const u = r.next();
      assert.ok(u >= 0 && u < 1);
      sum += u;
      squares += u * u;
    }
    assert.ok(Math.abs(sum / n - 0.5) < 0.005);
    assert.ok(Math.abs(squares / n - (sum / n) ** 2 - 1 / 12) < 0.002);
  });

  it("makes secret seeds of 256 bits that never repeat", () => {
    const a = secretSeed();
    assert.match(a, /^[0-9a-f]{64}$/);
    assert.notEqual(a, secretSeed());
  });
});
