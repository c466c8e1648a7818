// The real OIDC flow against a local OpenID provider (oidc-provider) that
// issues CERN-style roles in the ID token. At each sign-in the roles are
// mirrored into SSO groups, so organizer rights granted to an SSO group
// follow the roles the provider gives, and end when a later sign-in lacks them.
import type { Server } from "node:http";
import { expect, test, type Page } from "@playwright/test";
import Provider from "oidc-provider";
import { admin } from "./admin-cli.ts";

const port = Number(process.env.E2E_OIDC_PORT);
const email = `sso-user-${Date.now()}@cern.example`;
const group = `lhco-sso-${Date.now()}`;
/** The roles the provider puts in cern_roles; the test changes them between sign-ins. */
let roles: string[] = [];
/** What the provider says of the email; the takeover test claims another user's. */
let claimed = { email, email_verified: true };
let server: Server;

test.beforeAll(async () => {
  const provider = new Provider(`http://localhost:${port}`, {
    clients: [
      {
        client_id: "unblind-e2e",
        client_secret: "e2e-client-secret-not-for-production",
        redirect_uris: [`http://localhost:${Number(process.env.E2E_PORT ?? 3311)}/api/auth/callback/oidc`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "cern_roles"] },
    // Scope claims go into the ID token, as Keycloak's CERN realm does.
    conformIdTokenClaims: false,
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({ sub, ...claimed, name: "Sam SSO", cern_roles: roles }),
    }),
  });
  server = provider.listen(port);
  admin("user", "create", "--email", email, "--name", "Sam SSO");
  admin(
    "group",
    "create",
    "--name",
    group,
    "--owner",
    "organizer@unblind.dev",
    "--type",
    "sso",
    "--rule",
    JSON.stringify({ role: "lhco-organizer" }),
  );
  admin("challenge", "grant", "--slug", "lhco-2020", "--organizers", group);
});

test.afterAll(() => server?.close());

async function signInWithSso(page: Page, login = "sam", expectSignedIn = true) {
  await page.context().clearCookies();
  await page.goto("/signin");
  await page.getByRole("button", { name: /Test SSO/ }).click();
  // oidc-provider's development login and consent pages.
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any");
  await page.getByRole("button", { name: /Sign-in/i }).click();
  const consent = page.getByRole("button", { name: /Continue/i });
  if (await consent.isVisible({ timeout: 5000 }).catch(() => false)) await consent.click();
  if (expectSignedIn) await expect(page.getByTestId("signed-in-as")).toContainText("Sam SSO");
}

test("an identity provider's unverified email never takes over the account that has it (the site admin's here)", async ({
  page,
}) => {
  claimed = { email: "admin@unblind.dev", email_verified: false };
  try {
    await signInWithSso(page, "mallory", false);
    await page.waitForURL(/\/signin|\/api\/auth\/error/);
    await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
    await expect(page.getByTestId("signin-error")).toContainText(
      "never joins a sign-in to an account by its email alone",
    );
    await page.screenshot({ path: "/tmp/unblind-sso-refused.png", fullPage: true });
    // Not signed in as anyone: the admin pages and the audit log stay closed.
    const session = await (await page.request.get("/api/auth/session")).json();
    expect(session?.user?.email ?? null).not.toBe("admin@unblind.dev");
    await page.goto("/admin/challenges/new");
    await expect(page.locator("body")).not.toContainText("New challenge from a package");
  } finally {
    claimed = { email, email_verified: true };
  }
});

test("roles from the ID token grant organizer rights through an SSO group, and a later sign-in without them takes them away", async ({
  page,
}) => {
  roles = ["lhco-organizer", "cms-member"];
  await signInWithSso(page);
  await page.goto("/challenges/lhco-2020/settings");
  await expect(page.getByTestId("access-form")).toBeVisible();
  expect(admin("group", "show", "--name", group)).toContain(email);

  roles = ["cms-member"];
  await signInWithSso(page);
  await page.goto("/challenges/lhco-2020/settings");
  await expect(page.getByText(/Only the organizers of this challenge/)).toBeVisible();
  expect(admin("group", "show", "--name", group)).not.toContain(email);
});
