// Every challenge's "Loading the data" snippets, as its page shows them, run
// with Debian's Python (pandas, PyTables, h5py) in a folder holding what a
// participant downloads: the files of freshly generated data, under their
// published names, without any truth-level file. A snippet that no longer
// matches the files fails here. The TrackML snippets use a stand-in for the
// official trackml library (test/python/trackml), which Debian does not ship.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { type ChallengeDefinition, challengeDefinitions } from "../index.ts";

/** The python blocks of the bundle's "Loading the data" page. */
function loadingSnippets(def: ChallengeDefinition): string[] {
  const page = def.pages.find((p) => p.title === "Loading the data");
  return page ? [...page.markdown.matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1]) : [];
}

describe("the challenges' loading snippets", () => {
  for (const def of challengeDefinitions) {
    it(`run as shown on the ${def.slug} page, on generated files as participants download them`, async () => {
      const snippets = loadingSnippets(def);
      assert.ok(snippets.length > 0, `${def.slug} shows how to load its data`);
      const dir = mkdtempSync(path.join(tmpdir(), `unblind-snippets-${def.slug}-`));
      const generated = path.join(dir, "generated");
      mkdirSync(generated);
      const files = await def.generateDemoData!(generated, {
        seed: "loading-snippets",
        scale: 0.1,
        hitsPerEvent: 2000,
      } as never);
      const downloads = path.join(dir, "downloads");
      mkdirSync(downloads);
      for (const f of files.filter((f) => f.access !== "TRUTH")) copyFileSync(f.path, path.join(downloads, f.name));
      for (const [i, code] of snippets.entries()) {
        try {
          execFileSync("/usr/bin/python3", ["-W", "ignore", "-c", code], {
            cwd: downloads,
            encoding: "utf8",
            env: { PATH: "/usr/bin:/bin", PYTHONPATH: path.join(import.meta.dirname, "python") },
          });
        } catch (error) {
          const e = error as { stderr?: string };
          assert.fail(`${def.slug}, snippet ${i + 1}:\n${code}\n${e.stderr ?? error}`);
        }
      }
    });
  }
});
