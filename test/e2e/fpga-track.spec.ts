// The fast-inference track in Chromium: models submitted through the web
// page, scored in the sandbox, their FPGA resources on the submission page,
// and the accuracy-against-resources Pareto plots on the leaderboard.
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { admin } from "./admin-cli.ts";
import { signInAs } from "./sign-in.ts";
import { submitFile } from "./submit-file.ts";

const slug = `fpga-e2e-${Date.now().toString(36)}`;

test.describe.configure({ mode: "serial" });

test.beforeAll(() => {
  admin(
    "challenge",
    "create",
    "--package",
    "fpga-jet-tagging",
    "--slug",
    slug,
    "--title",
    "FPGA e2e",
    "--organizer",
    "organizer@unblind.dev",
  );
});

/** A model archive written by a small script (the same builders the tests use), as a participant would export one. */
function wideModel(): string {
  const file = path.join(tmpdir(), `${slug}-wide.tar.gz`);
  const script = `
    import { mlpOnnx } from "@unblind/scoring/fpga/build-mlp.ts";
    import { tarGz } from "@unblind/challenges/fpga-jet-tagging/write-bundle.ts";
    import { readFileSync, writeFileSync } from "node:fs";
    const model = mlpOnnx([
      { name: "fc1", nIn: 16, nOut: 128, weights: Array.from({ length: 2048 }, (_, i) => Math.sin(i) * 0.9), bias: new Array(128).fill(0), activation: "Relu" },
      { name: "fc2", nIn: 128, nOut: 5, weights: Array.from({ length: 640 }, (_, i) => Math.cos(i) * 0.9), bias: new Array(5).fill(0) },
    ]);
    writeFileSync(${JSON.stringify(file)}, tarGz({ "model.onnx": model, "manifest.json": "{}", "myproject_csynth.xml": readFileSync("scoring/test/fixtures/myproject_csynth.xml") }));`;
  const scriptFile = path.join(process.cwd(), `.e2e-wide-model-${slug}.mts`);
  writeFileSync(scriptFile, script);
  try {
    execFileSync(process.execPath, ["--import", "tsx", scriptFile]);
  } finally {
    rmSync(scriptFile, { force: true });
  }
  return file;
}

test("a model is scored in the sandbox and its FPGA resources shown; over-budget models are plotted but not ranked", async ({
  page,
}) => {
  await signInAs(page, "Alice Participant");
  await page.goto(`/challenges/${slug}`);
  await expect(page.getByTestId("fpga-budget")).toContainText("xcvu9p at 200 MHz");
  await expect(page.getByTestId("fpga-budget")).toContainText("DSP ≤ 20 %");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("file-train.csv").getByRole("button", { name: "Download train.csv" }).click(),
  ]);
  const train = path.join(tmpdir(), `${slug}-train.csv`);
  await download.saveAs(train);
  const baseline = path.join(tmpdir(), `${slug}-baseline.tar.gz`);
  writeFileSync(
    baseline,
    execFileSync("npm", ["run", "-s", "baseline", "--", "--challenge", "fpga-jet-tagging", "--input", train]),
  );
  await submitFile(page, slug, baseline);
  await expect(page.getByTestId("fpga-verdict")).toContainText("Within the budget on xcvu9p at 200 MHz: ranked.");
  const dsp = page.getByTestId("fpga-DSP").locator("td");
  await expect(dsp.nth(0)).toHaveText(/^\d[\d,]*$/);
  await expect(dsp.nth(1)).toHaveText(/^\d+\.\d\d %$/);
  await expect(dsp.nth(2)).toHaveText("–"); // no report
  await expect(page.getByTestId("fpga-aucs")).toContainText(
    /g 0\.\d{4} · q 0\.\d{4} · t 0\.\d{4} · W 0\.\d{4} · Z 0\.\d{4}/,
  );
  const aliceAccuracy = Number(await page.getByTestId("score-accuracy").locator("td").innerText());

  await signInAs(page, "Bob Participant");
  await submitFile(page, slug, wideModel());
  await expect(page.getByTestId("fpga-verdict")).toContainText(
    /Over the budget, so shown but not ranked: DSP \d+(\.\d+)? % > 20 %/,
  );
  await expect(page.getByTestId("fpga-table").locator("thead")).toContainText("Reported (csynth.xml, self-reported)");
  await expect(page.getByTestId("fpga-DSP").locator("td").nth(2)).toHaveText("1,826");

  await page.goto(`/challenges/${slug}/leaderboard`);
  const table = page.getByTestId("leaderboard");
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table.locator("tbody tr").first()).toContainText("Alice Participant");
  // The board says why Bob's scored model is not on it.
  await expect(page.getByTestId("unranked")).toContainText(
    "1 scored submission is not ranked: 1 over the phase's FPGA budget",
  );
  await page.screenshot({ path: "test-results/fpga-leaderboard.png", fullPage: true });
  for (const id of ["pareto-dsp", "pareto-lut"]) {
    const plot = page.getByTestId(id);
    await expect(plot.locator(".recharts-scatter-symbol")).toHaveCount(2);
    await expect(plot.locator(".recharts-legend-item")).toHaveCount(3);
    expect((await plot.locator(".recharts-legend-item").allTextContents()).sort()).toEqual([
      "Pareto front",
      "over budget",
      "within budget",
    ]);
    for (const d of await plot.locator("path").evaluateAll((paths) => paths.map((p) => p.getAttribute("d") ?? "")))
      expect(d).not.toMatch(/NaN|Infinity/);
    // The y axis spans the accuracies.
    const ticks = (
      await plot.locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value").allTextContents()
    ).map(Number);
    expect(Math.min(...ticks)).toBeLessThanOrEqual(aliceAccuracy);
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(aliceAccuracy);
  }
  // Alice's model is on both fronts (Bob's is larger and no more accurate): drawn as a front symbol.
  for (const id of ["pareto-dsp", "pareto-lut"])
    await expect(page.getByTestId(id).locator('.recharts-scatter-symbol [fill="#c4451c"]')).not.toHaveCount(0);
});
