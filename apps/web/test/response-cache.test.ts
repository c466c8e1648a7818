import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ResponseCache } from "../src/server/response-cache.ts";

const body = (n: number) => ({ body: new Uint8Array(n), headers: { "content-type": "text/html" } });

describe("the leaderboard response cache", () => {
  it("serves an entry only for the stamp it was rendered with, and drops it when the stamp moves on", () => {
    const cache = new ResponseCache({ entries: 10, bytes: 1000 });
    cache.set("a", "v1", body(10));
    assert.equal(cache.get("a", "v1")?.body.byteLength, 10);
    assert.equal(cache.get("a", "v2"), undefined);
    assert.equal(cache.get("a", "v1"), undefined, "a stale entry is gone, not kept for the old stamp");
  });

  it("evicts the least recently used entries beyond its entry and byte bounds", () => {
    const cache = new ResponseCache({ entries: 2, bytes: 1000 });
    cache.set("a", "s", body(10));
    cache.set("b", "s", body(10));
    cache.get("a", "s");
    cache.set("c", "s", body(10));
    assert.ok(cache.get("a", "s") && cache.get("c", "s"));
    assert.equal(cache.get("b", "s"), undefined);
    const small = new ResponseCache({ entries: 10, bytes: 100 });
    small.set("x", "s", body(20));
    small.set("y", "s", body(20));
    small.set("z", "s", body(20));
    small.set("w", "s", body(20));
    small.set("v", "s", body(20));
    small.set("u", "s", body(20)); // 120 bytes: over the budget of 100
    assert.equal(small.get("x", "s"), undefined);
    small.set("huge", "s", body(60));
    assert.equal(small.get("huge", "s"), undefined, "a body over a quarter of the budget is never kept");
  });
});
