// A new challenge brought as a bundle, in Chromium: a site admin checks the
// archive (a bad one lists each problem at its place, nothing is created),
// sees the preview, creates it, and its pages render safely.
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { tarGz } from "../../challenges/fpga-jet-tagging/write-bundle.ts";
import { signInAs } from "./sign-in.ts";

const slug = `bundle-ui-${Date.now().toString(36)}`;
const yaml = (closes: string) => `slug: ${slug}
title: Quark or gluon (bundle)
summary: A challenge created from a bundle in the browser.
pages:
  - title: Overview
    file: pages/overview.md
  - title: Rules
    file: pages/rules.md
submission:
  format: CSV id,score
scoring:
  scorer: top-tagging
  primary: auc
  metrics:
    - key: auc
      label: AUC
      direction: higher
datasets:
  - name: Jets
    description: The test jets.
    files:
      - name: truth.csv
        access: truth
        path: data/truth.csv
      - name: train.h5
        access: public
phases:
  - name: Main
    opens: -P1D
    closes: ${closes}
    limits:
      perDay: 5
      fileSize: 10 MiB
    truth: truth.csv
`;

function archive(name: string, closes: string): string {
  const file = path.join(tmpdir(), `${slug}-${name}.tar.gz`);
  writeFileSync(
    file,
    tarGz({
      "challenge.yaml": yaml(closes),
      "pages/overview.md":
        "Tell **quark** jets from gluon jets. <script>alert(1)</script> [click](javascript:alert(1))\n",
      "pages/rules.md": "One account per person; see [the rules](https://home.cern).\n",
      "data/truth.csv": "id,is_signal\n0,1\n1,0\n",
    }),
  );
  return file;
}

test("a site admin checks a bundle, sees its problems or its preview, and creates the challenge", async ({ page }) => {
  await signInAs(page, "Ada Admin");
  await page.goto("/admin/challenges/bundle");
  await page.getByLabel("bundle").setInputFiles(archive("bad", "-P3D"));
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByRole("alert")).toContainText("1 problem; nothing was created");
  await expect(page.getByTestId("bundle-problems")).toContainText(
    "challenge.yaml:34:13 closes (-P3D) is not after opens (-P1D)",
  );
  await page.screenshot({ path: "test-results/bundle-problems.png", fullPage: true });

  await page.getByLabel("bundle").setInputFiles(archive("good", "P30D"));
  await page.getByRole("button", { name: "Check" }).click();
  const preview = page.getByTestId("bundle-preview");
  await expect(preview).toContainText("Quark or gluon (bundle)");
  await expect(page.getByTestId("bundle-files")).toContainText("truth.csvtruthbundle");
  await expect(page.getByTestId("bundle-files")).toContainText("train.h5publicuploaded afterwards");
  await page.screenshot({ path: "test-results/bundle-preview.png", fullPage: true });
  await page.getByRole("button", { name: "Create the challenge" }).click();

  await expect(page).toHaveURL(new RegExp(`/challenges/${slug}$`));
  await expect(page.getByRole("heading", { name: "Quark or gluon (bundle)" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Rules" })).toBeVisible();
  await expect(page.getByRole("link", { name: "the rules" })).toHaveAttribute("href", "https://home.cern");
  // The organizer's raw HTML is text, and the javascript: link is not a link.
  await expect(page.locator(".markdown script")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "click" })).toHaveCount(0);
  await expect(page.locator(".markdown").first()).toContainText("<script>alert(1)</script>");
  await page.screenshot({ path: "test-results/bundle-challenge.png", fullPage: true });
});
