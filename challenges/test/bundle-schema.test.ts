// The published JSON Schema of challenge.yaml is the zod schema's, and the
// demo bundles are valid against it as the platform reads them.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { bundleJsonSchema } from "../shared/bundle/bundle-json-schema.ts";
import { challengeDefinitions } from "../index.ts";

const published = path.join(import.meta.dirname, "../../docs/challenge-bundle.schema.json");

describe("the challenge bundle's JSON Schema", () => {
  it("is up to date with the zod schema (npm run -s bundle-schema)", () => {
    assert.deepEqual(JSON.parse(readFileSync(published, "utf8")), JSON.parse(bundleJsonSchema()));
  });
  it("accepts every demo bundle and refuses an unknown key, as an editor would", () => {
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(published, "utf8")));
    for (const def of challengeDefinitions) {
      const yaml = parse(
        readFileSync(path.join(import.meta.dirname, "..", def.slug, "challenge.yaml"), "utf8"),
      ) as object;
      assert.ok(validate(yaml), `${def.slug}: ${JSON.stringify(validate.errors)}`);
      assert.equal(validate({ ...yaml, colour: "blue" }), false);
    }
  });
});
