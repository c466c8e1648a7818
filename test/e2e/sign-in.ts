import { expect, type Page } from "@playwright/test";

/** The development sign-in of a seeded demo account, by its display name. */
export async function signInAs(page: Page, name: string) {
  await page.goto("/signin");
  await page.getByRole("button", { name: new RegExp(name) }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(name);
}
