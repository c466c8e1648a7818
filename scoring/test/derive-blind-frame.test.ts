// Blind hosting of a labelled release against pandas: a file laid out as the
// public top-tagging test.h5 (806 columns), written by pandas in either
// format, is split into the participant file (pandas reads exactly the
// original minus the answer columns) and the answer key (exactly those).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { deriveBlindFrame } from "../src/derive/derive-blind-frame.ts";
import { InputError } from "../src/parse/input-error.ts";
import { TOP_TAGGING_ANSWER_COLUMNS, writeOfficialTopTagging } from "./fixtures/official-top-tagging.ts";

const dir = mkdtempSync(path.join(tmpdir(), "unblind-blind-"));
const at = (name: string) => path.join(dir, name);
const python = (script: string) =>
  execFileSync("/usr/bin/python3", ["-W", "ignore", "-c", script], { encoding: "utf8" });

const ANSWERS = TOP_TAGGING_ANSWER_COLUMNS;

const officialTopTagging = (file: string, format: "fixed" | "table") =>
  writeOfficialTopTagging(file, { rows: 1500, format });

describe("deriving the participant file and the answer key from a labelled frame", () => {
  for (const format of ["fixed", "table"] as const) {
    it(`keeps the official layout minus exactly the answer columns (${format} format), and the key holds exactly them`, async () => {
      const input = at(`labelled-${format}.h5`);
      officialTopTagging(input, format);
      const result = await deriveBlindFrame({
        input,
        key: "table",
        answerColumns: ANSWERS,
        mustRemove: ANSWERS,
        participantOut: at(`test-${format}.h5`),
        answerKeyOut: at(`key-${format}.h5`),
        label: "test.h5",
      });
      assert.equal(result.format, format);
      assert.equal(result.participantColumns.length, 801);
      assert.deepEqual(result.participantColumns.slice(-2), ["PZ_199", "ttv"]);
      const check = JSON.parse(
        python(`
import json, pandas as pd
full = pd.read_hdf(${JSON.stringify(input)}, "table")
part = pd.read_hdf(${JSON.stringify(at(`test-${format}.h5`))}, "table")
key = pd.read_hdf(${JSON.stringify(at(`key-${format}.h5`))}, "table")
answers = ${JSON.stringify(ANSWERS)}
print(json.dumps({
  "columns": list(part.columns) == [c for c in full.columns if c not in answers],
  "values": bool(part.equals(full.drop(columns=answers))),
  "dtypes": bool((part.dtypes == full.drop(columns=answers).dtypes).all()),
  "key": list(key.columns),
  "keyValues": bool(key.equals(full[answers])),
  "labelsLeft": [c for c in answers if c in part.columns],
}))`),
      );
      assert.deepEqual(check, {
        columns: true,
        values: true,
        dtypes: true,
        key: ANSWERS,
        keyValues: true,
        labelsLeft: [],
      });
    });
  }

  it("refuses a derivation that leaves a label in the participant file, or names a column the file lacks, and writes nothing", async () => {
    const input = at("labelled-fixed.h5");
    if (!existsSync(input)) officialTopTagging(input, "fixed");
    const attempt = (answerColumns: string[], out: string) =>
      deriveBlindFrame({
        input,
        key: "table",
        answerColumns,
        mustRemove: ANSWERS,
        participantOut: at(`${out}.h5`),
        answerKeyOut: at(`${out}-key.h5`),
        label: "test.h5",
      });
    await assert.rejects(attempt(["is_signal_new"], "leaky"), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /truthE, truthPX, truthPY, truthPZ would be left in the participant file/);
      return true;
    });
    await assert.rejects(attempt([...ANSWERS, "label"], "absent"), /no column label to remove/);
    assert.equal(existsSync(at("leaky.h5")), false);
    assert.equal(existsSync(at("absent.h5")), false);
  });
});
