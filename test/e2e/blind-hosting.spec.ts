// An organizer hosts a labelled release blind from the datasets page: the
// labelled file (the public top-tagging test.h5 layout, written by pandas in
// table format) is uploaded at level truth; a derivation that would leave a
// label is refused with the label named; the right one publishes a
// participant file with no label, which participants see, and the labelled
// original stays hidden from them.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { writeOfficialTopTagging } from "../../scoring/test/fixtures/official-top-tagging.ts";
import { admin } from "./admin-cli.ts";
import { signInAs } from "./sign-in.ts";

test("an organizer derives the participant file and the sealed key from a labelled file; a leaky derivation is refused", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const labelled = path.join(mkdtempSync(path.join(tmpdir(), "unblind-e2e-blind-")), `labelled_${stamp}.h5`);
  writeOfficialTopTagging(labelled, { rows: 400, format: "table", seed: 3 });
  admin("file", "upload", "--slug", "top-tagging", "--dataset", "Answer key", "--path", labelled, "--level", "truth");

  await signInAs(page, "Olivia Organizer");
  await page.goto("/challenges/top-tagging/datasets");
  const form = page.getByTestId("blind-derivation");
  await form.getByLabel("labelled file").selectOption(`Answer key/labelled_${stamp}.h5`);
  await expect(form.getByLabel("answer columns")).toHaveValue("is_signal_new, truthE, truthPX, truthPY, truthPZ");
  await form.getByLabel("participant file name").fill(`blind_${stamp}.h5`);
  await form.getByLabel("key file name").fill(`blind_key_${stamp}.h5`);

  // Only the label column named: the four-momentum of the top would stay behind.
  await form.getByLabel("answer columns").fill("is_signal_new");
  await form.getByRole("button", { name: "Derive" }).click();
  const table = form.getByTestId("derivations");
  await expect(table.locator("tr", { hasText: "failed" }).first()).toContainText(
    "truthE, truthPX, truthPY, truthPZ would be left in the participant file",
    { timeout: 90_000 },
  );

  await form.getByLabel("answer columns").fill("is_signal_new, truthE, truthPX, truthPY, truthPZ");
  await form.getByRole("button", { name: "Derive" }).click();
  await expect(table.locator("tbody tr").first()).toContainText("done", { timeout: 90_000 });
  await page.screenshot({ path: "test-results/blind-hosting.png", fullPage: true });
  await expect(page.getByTestId(`version-blind_${stamp}.h5-v1`)).toContainText("participants");
  await expect(page.getByTestId(`version-blind_key_${stamp}.h5-v1`)).toContainText("truth");

  const alice = await browser.newContext();
  const alicePage = await alice.newPage();
  await signInAs(alicePage, "Alice Participant");
  await alicePage.goto("/challenges/top-tagging");
  await expect(alicePage.getByTestId(`file-blind_${stamp}.h5`)).toBeVisible();
  await expect(alicePage.getByTestId(`file-labelled_${stamp}.h5`)).toHaveCount(0);
  await expect(alicePage.getByTestId(`file-blind_key_${stamp}.h5`)).toHaveCount(0);
  await alice.close();

  await page.goto("/challenges/top-tagging/audit");
  await expect(page.getByText("dataset.blind_derived").first()).toBeVisible();
});
