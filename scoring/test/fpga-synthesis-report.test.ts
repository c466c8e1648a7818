import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { InputError } from "../src/parse/input-error.ts";
import { parseSynthesisReport } from "../src/fpga/synthesis-report.ts";

const fixture = readFileSync(path.join(import.meta.dirname, "fixtures/myproject_csynth.xml"), "utf8");

function located(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  assert.fail("expected an InputError");
}

describe("synthesis reports", () => {
  it("reads Vivado HLS's csynth.xml: latency, interval, resources and the available ones", () => {
    const r = parseSynthesisReport(fixture, "myproject_csynth.xml");
    assert.equal(r.selfReported, true);
    assert.equal(r.format, "csynth.xml");
    assert.equal(r.part, "xcvu9p-flga2104-2L-e");
    assert.deepEqual([r.targetClockNs, r.estimatedClockNs], [5, 4.353]);
    assert.deepEqual([r.bestLatency, r.worstLatency, r.intervalMin, r.intervalMax], [9, 11, 1, 1]);
    assert.deepEqual(
      { bram18k: r.bram18k, dsp: r.dsp, ff: r.ff, lut: r.lut, uram: r.uram },
      { bram18k: 4, dsp: 1826, ff: 20219, lut: 48321, uram: 0 },
    );
    assert.deepEqual(r.available, { bram18k: 4320, dsp: 6840, ff: 2364480, lut: 1182240, uram: 960 });
  });

  it("reads Vitis HLS's DSP key and an undefined (dataflow) interval", () => {
    const vitis = fixture
      .replaceAll("DSP48E>", "DSP>")
      .replace("<Interval-max>1</Interval-max>", "<Interval-max>undef</Interval-max>");
    const r = parseSynthesisReport(vitis, "myproject_csynth.xml");
    assert.equal(r.dsp, 1826);
    assert.equal(r.available.dsp, 6840);
    assert.equal(r.intervalMax, null);
  });

  it("reads hls4ml's parsed report, nested (CSynthesisReport) or flat, strings or numbers", () => {
    const report = {
      BestLatency: "9",
      WorstLatency: 9,
      IntervalMin: "1",
      IntervalMax: "1",
      BRAM_18K: "0",
      DSP: "66",
      FF: "3000",
      LUT: "9149",
      URAM: "0",
      AvailableDSP: "6840",
      AvailableLUT: "1182240",
      TargetClockPeriod: "5.00",
    };
    for (const json of [{ CSynthesisReport: report }, report]) {
      const r = parseSynthesisReport(JSON.stringify(json), "report.json");
      assert.equal(r.format, "hls4ml");
      assert.deepEqual(
        [r.dsp, r.lut, r.ff, r.bram18k, r.bestLatency, r.intervalMin, r.targetClockNs],
        [66, 9149, 3000, 0, 9, 1, 5],
      );
      assert.deepEqual([r.available.dsp, r.available.lut, r.available.ff], [6840, 1182240, null]);
    }
  });

  it("says where a report is broken", () => {
    const cut = located(() => parseSynthesisReport(fixture.replace("</Resources>", ""), "myproject_csynth.xml"));
    assert.match(cut.message, /<\/AreaEstimates> closes <Resources>/);
    assert.equal(cut.file, "myproject_csynth.xml");
    assert.equal(cut.line, 52); // the </AreaEstimates> line
    const bomb = located(() =>
      parseSynthesisReport('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">]>\n<profile/>', "x_csynth.xml"),
    );
    assert.match(bomb.message, /DOCTYPE/);
    assert.equal(bomb.line, 2);
    assert.match(
      located(() => parseSynthesisReport(fixture.replace("<LUT>48321</LUT>", "<LUT>lots</LUT>"), "x_csynth.xml"))
        .message,
      /AreaEstimates\/Resources\/LUT is "lots", not a count/,
    );
    assert.match(
      located(() => parseSynthesisReport("<html><body/></html>", "x_csynth.xml")).message,
      /root element is <html>/,
    );
    assert.match(located(() => parseSynthesisReport("{}", "report.json")).message, /no BestLatency/);
    assert.match(located(() => parseSynthesisReport("{", "report.json")).message, /not valid JSON/);
  });
});
