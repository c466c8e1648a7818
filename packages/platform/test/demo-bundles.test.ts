// Each demo challenge's bundle passes the checks a creator's bundle gets:
// its scorer exists and produces every metric it lists, its settings parse,
// its generator is built in.
import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { challengeDefinitions } from "@unblind/challenges/index.ts";
import { checkBundle } from "../src/challenges/create-from-bundle.ts";

describe("the demo challenges' bundles", () => {
  for (const def of challengeDefinitions)
    it(`${def.slug} is a valid bundle for this platform`, () => {
      const bundle = checkBundle(path.join(import.meta.dirname, "../../../challenges", def.slug));
      assert.equal(bundle.definition.slug, def.slug);
      assert.equal(bundle.yaml.generator, def.slug);
    });
});
