import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { addRunMetrics } from "../src/ingestion/run-metrics.ts";
import { trackmlThroughput } from "../src/metrics/trackml-throughput.ts";

const b64 = (values: number[]) => Buffer.from(new Float64Array(values).buffer).toString("base64");
const read = (text: string) => [...new Float64Array(new Uint8Array(Buffer.from(text, "base64")).buffer)];

describe("a code run's metrics", () => {
  const run = { wallSeconds: 12, cpuSeconds: 9, peakMemoryMB: 300.5, units: 4 };

  it("are per unit of the test set, as measured", () => {
    const out = addRunMetrics({ auc: 0.9, nJets: 4 }, run);
    assert.deepEqual(out, { auc: 0.9, nJets: 4, wallSecondsPerUnit: 3, cpuSecondsPerUnit: 2.25, peakMemoryMB: 300.5 });
  });

  it("give each side its throughput from its own score, and the score's replicates their throughput", () => {
    const out = addRunMetrics(
      {
        score: 0.9,
        replicates: { score: b64([0.8, 0.4]) },
        private: { score: 0.7, replicates: { score: b64([0.6]) } },
      },
      run,
      "trackml",
    );
    assert.equal(out.throughput, trackmlThroughput(0.9, 3));
    assert.equal((out.private as Record<string, unknown>).throughput, trackmlThroughput(0.7, 3));
    assert.deepEqual(read((out.replicates as Record<string, string>).throughput), [trackmlThroughput(0.8, 3), 0]);
    assert.equal((out.replicates as Record<string, string>).score, b64([0.8, 0.4]));
    assert.equal((out.private as { wallSecondsPerUnit: number }).wallSecondsPerUnit, 3);
  });

  it("leave the throughput empty when there is no score", () => {
    assert.equal(addRunMetrics({ score: null }, run, "trackml").throughput, null);
  });
});
