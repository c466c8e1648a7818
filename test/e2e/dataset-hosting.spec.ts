// Organizers host their data: a browser upload in parallel parts straight to
// S3 with a progress bar, cut off mid-way and resumed after a reload with the
// missing part only, published once the server has checked its SHA-256 from
// S3; a new version keeps the old one; a soft delete. And a site admin
// creates a challenge from a package in the web UI.
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Request } from "@playwright/test";
import { signInAs } from "./sign-in.ts";
import { admin } from "./admin-cli.ts";

const MIB = 1024 * 1024;
const partOf = (url: string) => new URL(url).searchParams.get("partNumber");

test("an organizer's upload survives a dropped connection and a reload, and is published only after its SHA-256 is checked", async ({
  page,
}) => {
  const dir = mkdtempSync(path.join(tmpdir(), "unblind-e2e-upload-"));
  const file = path.join(dir, "real_test.h5");
  const bytes = randomBytes(40 * MIB); // three parts of 16 MiB
  writeFileSync(file, bytes);
  const sha256 = createHash("sha256").update(bytes).digest("hex");

  await signInAs(page, "Olivia Organizer");
  await page.goto("/challenges/top-tagging/datasets");
  const form = page.getByTestId("dataset-upload");
  await form.getByLabel("dataset file").setInputFiles(file);
  await form.getByLabel("level").selectOption("PUBLIC");

  // The connection to storage drops for part 2, every retry included.
  await page.route(
    (url) => partOf(url.href) === "2",
    (route) => route.abort("connectionreset"),
  );
  await form.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByTestId("upload-paused")).toContainText("The parts sent so far are kept");
  await page.unrouteAll();

  await page.reload();
  await expect(page.getByTestId("uploads-Jets")).toContainText("2 of 3 parts in storage");
  const puts: string[] = [];
  const onRequest = (r: Request) => r.method() === "PUT" && partOf(r.url()) && puts.push(partOf(r.url())!);
  page.on("request", onRequest);
  await form.getByLabel("dataset file").setInputFiles(file);
  await form.getByLabel("level").selectOption("PUBLIC");
  await form.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByTestId("upload-done")).toContainText(`real_test.h5 v1 is published (SHA-256 ${sha256}`);
  expect(puts, "only the missing part travels again").toEqual(["2"]);
  page.off("request", onRequest);
  await expect(page.getByTestId("version-real_test.h5-v1")).toContainText("live");
  await expect(page.getByTestId("uploads-Jets")).toHaveCount(0);

  // Participants download the published bytes.
  const alice = await page.context().browser()!.newContext();
  const alicePage = await alice.newPage();
  await signInAs(alicePage, "Alice Participant");
  await alicePage.goto("/challenges/top-tagging");
  await expect(alicePage.getByTestId("file-real_test.h5")).toBeVisible();
  await alicePage.goto("/challenges/top-tagging/datasets");
  await expect(
    alicePage.getByText("Only the organizers of this challenge can manage its dataset files."),
  ).toBeVisible();

  // A new version keeps the old one; deleting the new one hides the file from participants.
  writeFileSync(file, "a smaller second version\n");
  await page.reload();
  await form.getByLabel("dataset file").setInputFiles(file);
  await form.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByTestId("upload-done")).toContainText("real_test.h5 v2 is published");
  await expect(page.getByTestId("version-real_test.h5-v1")).toContainText("superseded");
  await expect(page.getByTestId("version-real_test.h5-v2")).toContainText("public");
  page.once("dialog", (d) => d.accept());
  await page.getByTestId("version-real_test.h5-v2").getByRole("button", { name: "Delete" }).click();
  await expect(page.getByTestId("version-real_test.h5-v2")).toContainText("deleted");
  await alicePage.goto("/challenges/top-tagging");
  await expect(alicePage.getByTestId("file-test.h5")).toBeVisible();
  await expect(alicePage.getByTestId("file-real_test.h5")).toHaveCount(0);
  await page.goto("/challenges/top-tagging/audit");
  await expect(page.getByText("file.deleted").first()).toBeVisible();
  await alice.close();
});

test("a site admin creates a challenge from a package; an organizer may not", async ({ page }) => {
  const root = `root-${Date.now()}@ci.example`;
  admin("user", "create", "--email", root);
  expect(JSON.parse(admin("user", "site-role", "--email", root, "--to", "admin", "--json"))).toEqual({
    email: root,
    siteRole: "admin",
    was: "user",
  });
  await signInAs(page, "Olivia Organizer");
  await page.goto("/admin/challenges/new");
  await expect(page.getByText("Only site admins can create challenges.")).toBeVisible();

  await signInAs(page, "Ada Admin");
  await page.goto("/");
  await page.getByRole("link", { name: "New challenge from a package" }).click();
  const form = page.getByTestId("new-challenge");
  await form.getByLabel("package", { exact: true }).selectOption("top-tagging");
  await form.getByLabel("slug", { exact: true }).fill("package-check");
  await form.getByLabel("title", { exact: true }).fill("Package check");
  await form.getByRole("button", { name: "Create challenge" }).click();
  await expect(page).toHaveURL(/\/challenges\/package-check$/);
  await expect(page.getByRole("heading", { name: "Package check" })).toBeVisible();
  await expect(page.getByTestId("file-test.h5")).toBeVisible();

  await page.goto("/admin/challenges/new");
  await form.getByLabel("slug", { exact: true }).fill("package-check");
  await form.getByRole("button", { name: "Create challenge" }).click();
  await expect(form.getByText('A challenge "package-check" exists already')).toBeVisible();
});
