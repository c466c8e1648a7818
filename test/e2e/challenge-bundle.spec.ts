// A new challenge brought as a bundle, in Chromium: a site admin checks the
// archive (a bad one lists each problem at its place, nothing is created),
// sees the preview, creates it, and its pages render safely.
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { tarGz } from "../../challenges/fpga-jet-tagging/write-bundle.ts";
import { exampleBundleFiles } from "../fixtures/example-bundle.ts";
import { signInAs } from "./sign-in.ts";

const slug = `bundle-ui-${Date.now().toString(36)}`;

function archive(name: string, closes: string): string {
  const file = path.join(tmpdir(), `${slug}-${name}.tar.gz`);
  const overview = "Tell **quark** jets from gluon jets. <script>alert(1)</script> [click](javascript:alert(1))\n";
  writeFileSync(
    file,
    tarGz(
      exampleBundleFiles({
        slug,
        title: "Quark or gluon (bundle)",
        closes,
        uploadedLater: true,
        overview,
        example: "id,score\n0,0.9\n1,0.2\n2,0.4\n3,0.6\n",
      }),
    ),
  );
  return file;
}

test("a site admin checks a bundle, sees its problems or its preview, and creates the challenge", async ({ page }) => {
  await signInAs(page, "Ada Admin");
  await page.goto("/admin/challenges/bundle");
  await page.getByLabel("bundle").setInputFiles(archive("bad", "-P3D"));
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByTestId("bundle-error")).toContainText("1 problem; nothing was created");
  await expect(page.getByTestId("bundle-problems")).toContainText(
    "challenge.yaml:24:13 closes (-P3D) is not after opens (-P1D)",
  );
  await page.screenshot({ path: "test-results/bundle-problems.png", fullPage: true });

  await page.getByLabel("bundle").setInputFiles(archive("good", "P30D"));
  await page.getByRole("button", { name: "Check" }).click();
  const preview = page.getByTestId("bundle-preview");
  await expect(preview).toContainText("Quark or gluon (bundle)");
  await expect(page.getByTestId("bundle-files")).toContainText("truth.csvtruthbundle");
  await expect(page.getByTestId("bundle-files")).toContainText("train.h5participantsuploaded afterwards");
  await expect(page.getByTestId("bundle-example")).toContainText("scored as a dry run: auc 0.75, accuracy 0.5");
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

  // The creator organizes it: the pages are edited on the settings page, and the challenge page follows.
  await page.goto(`/challenges/${slug}/settings`);
  await page.getByLabel("markdown 2").fill("Two selections per team.");
  await page.getByRole("button", { name: "Save pages" }).click();
  await expect(page.getByTestId("pages-saved")).toBeVisible();
  await page.screenshot({ path: "test-results/bundle-settings-pages.png", fullPage: true });
  await page.goto(`/challenges/${slug}`);
  await expect(page.locator(".markdown").first()).toContainText("Two selections per team.");
});
