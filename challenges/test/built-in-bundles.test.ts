// The demo bundles embedded in built-in-bundles.ts (what the web app and the
// images carry) are the folders' files, and each reads as a folder does.
import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { BUILT_IN_BUNDLES } from "../built-in-bundles.ts";
import { BUILT_IN_SLUGS, bundleTexts } from "../shared/bundle/embed-bundle.ts";
import { readBundle } from "../shared/bundle/read-bundle.ts";
import { findChallengeDefinition } from "../index.ts";

describe("the embedded demo bundles", () => {
  for (const slug of BUILT_IN_SLUGS)
    it(`${slug}: the embedded text is the folder's (npm run -s embed-bundles after editing it)`, () => {
      const dir = path.join(import.meta.dirname, "..", slug);
      assert.deepEqual(BUILT_IN_BUNDLES[slug], bundleTexts(dir));
      const { generateDemoData, ...embedded } = findChallengeDefinition(slug)!;
      assert.ok(generateDemoData);
      assert.deepEqual(embedded, readBundle(dir).definition);
    });
});
