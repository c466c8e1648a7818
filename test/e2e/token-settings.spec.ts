// Tokens made on the settings page: shown once, usable by the REST API at
// once, and dead the moment they are revoked.
import { expect, test } from "@playwright/test";

test("a participant creates a token on the settings page, uses it, and revokes it", async ({ page, request }) => {
  await page.goto("/signin");
  await page.getByRole("button", { name: /Bob Participant/ }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText("Bob Participant");
  await page.getByRole("link", { name: "API tokens" }).click();

  const name = `laptop-${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Only for challenge").fill("top-tagging");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!;
  expect(token).toMatch(/^unb_pat_[0-9A-Za-z]{46}$/);
  const row = page.getByTestId(`token-${name}`);
  await expect(row).toContainText("read, submit");
  await expect(row).toContainText("top-tagging");
  await expect(row).not.toContainText(token); // only the prefix is listed

  const headers = { Authorization: `Bearer ${token}` };
  const challenges = await request.get("/api/v1/challenges", { headers });
  expect(challenges.status()).toBe(200);
  expect((await challenges.json()).map((c: { slug: string }) => c.slug)).toEqual(["top-tagging"]);

  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("revoked");
  const after = await request.get("/api/v1/challenges", { headers });
  expect(after.status()).toBe(401);
  expect((await after.json()).detail).toMatch(/revoked/);

  // Reloaded, the page never shows the token again.
  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
});
