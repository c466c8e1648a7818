import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { buildScorerBundle, type ScorerBundle } from "../src/scorer-bundle.ts";

// The bundle the sandbox runs: its modules start worker threads from files
// named relative to themselves, so a chunk placed elsewhere than the worker's
// entry would fail to start it and fall back to one thread, silently.
let bundle: ScorerBundle;
before(async () => {
  bundle = await buildScorerBundle();
});
after(() => rmSync(bundle.dir, { recursive: true, force: true }));

describe("the scorer bundle", () => {
  it("has every worker entry next to each module that starts it", () => {
    const modules = readdirSync(bundle.dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".mjs"));
    const starters = modules.filter((f) =>
      readFileSync(path.join(bundle.dir, f), "utf8").includes("./roc-bootstrap-worker"),
    );
    assert.ok(starters.length > 0, "no module starts the bootstrap workers");
    for (const file of starters)
      assert.ok(
        existsSync(path.join(bundle.dir, path.dirname(file), "roc-bootstrap-worker.mjs")),
        `${file} starts ./roc-bootstrap-worker.mjs, which is not beside it`,
      );
  });
});
