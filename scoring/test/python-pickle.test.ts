import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";
import { PickleDict, PickleTuple, pickleProtocol0, unpickle } from "../src/parse/python-pickle.ts";

/** What Python's pickle makes of a value, in each protocol, as hex. */
function pickled(expr: string, protocols = [0, 2, 4, 5]): Buffer[] {
  const out = execFileSync(
    "/usr/bin/python3",
    ["-c", `import pickle\nfor p in ${JSON.stringify(protocols)}: print(pickle.dumps(${expr}, p).hex())`],
    { encoding: "utf8" },
  );
  return out
    .trim()
    .split("\n")
    .map((h) => Buffer.from(h, "hex"));
}

describe("python pickles of PyTables attributes", () => {
  it("reads lists, tuples and dicts of text, integers, floats, booleans and None in protocols 0 to 5", () => {
    const expr = `[["E_0", "PX_0"], [0, 1, 2100, -7, 2**70], (1, ["a"]), {1: {"names": [None], "type": "Index"}, "index": {}}, ["é", "a\\\\b\\nc", "中", "\\U0001F600"], [1.5, True, False, None]]`;
    for (const bytes of pickled(expr)) {
      const v = unpickle(bytes) as unknown[];
      assert.deepEqual(v[0], ["E_0", "PX_0"]);
      assert.deepEqual(v[1], [0, 1, 2100, -7, 2n ** 70n]);
      assert.deepEqual(v[2], new PickleTuple([1, ["a"]]));
      const d = v[3] as PickleDict;
      assert.deepEqual((d.entries[0][1] as PickleDict).get("names"), [null]);
      assert.deepEqual(v[4], ["é", "a\\b\nc", "中", "😀"]);
      assert.deepEqual(v[5], [1.5, true, false, null]);
    }
  });

  it("writes protocol 0 as PyTables does, and Python reads it back", () => {
    const value = [new PickleTuple([1, ["E_0", 2100, "é\n"]]), new PickleDict([["k", null]])];
    const text = pickleProtocol0(value);
    assert.equal(text.slice(0, 40), "(lp0\n(I1\n(lp1\nVE_0\np2\naI2100\naV\\u00e9\\u000a\n".slice(0, 40));
    const back = execFileSync(
      "/usr/bin/python3",
      [
        "-c",
        `import pickle, sys, json\nv = pickle.loads(sys.stdin.buffer.read())\nprint(json.dumps([list(v[0]), v[1]]))`,
      ],
      { input: text, encoding: "utf8" },
    );
    assert.deepEqual(JSON.parse(back), [[1, ["E_0", 2100, "é\n"]], { k: null }]);
  });

  it("refuses anything that would call code (GLOBAL, REDUCE), naming the opcode", () => {
    for (const bytes of pickled(`__import__("os").getcwd`, [0, 2]))
      assert.throws(() => unpickle(bytes), /opcode 0x[0-9a-f]+ at byte \d+ is not a plain value/);
    assert.throws(() => unpickle(Buffer.from("(lp0\nVa\n")), /without STOP|unterminated/);
  });
});
