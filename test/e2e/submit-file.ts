import { expect, type Page } from "@playwright/test";

/** Uploads a file on the challenge page and waits on the submission page until it is scored. */
export async function submitFile(page: Page, slug: string, file: string): Promise<void> {
  await page.goto(`/challenges/${slug}`);
  await page.locator('input[type="file"]').setInputFiles(file);
  await page.getByRole("button", { name: "Submit" }).click();
  await page.waitForURL(/\/submissions\//);
  await expect(page.getByTestId("submission-status")).toContainText("scored", { timeout: 60_000 });
}
