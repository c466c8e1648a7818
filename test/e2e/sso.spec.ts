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
      claims: () => ({ sub, email, email_verified: true, name: "Sam SSO", cern_roles: roles }),
    }),
  });
  server = provider.listen(port);
  admin("user", "create", "--email", email, "--name", "Sam SSO");
  admin("group", "create", "--name", group, "--owner", "organizer@unblind.dev", "--type", "sso", "--rule", JSON.stringify({ role: "lhco-organizer" }));
  admin("challenge", "grant", "--slug", "lhco-2020", "--organizers", group);
});

test.afterAll(() => server?.close());

async function signInWithSso(page: Page) {
  await page.context().clearCookies();
  await page.goto("/signin");
  await page.getByRole("button", { name: /Test SSO/ }).click();
  // oidc-provider's development login and consent pages.
  await page.locator('input[name="login"]').fill("sam");
  await page.locator('input[name="password"]').fill("any");
  await page.getByRole("button", { name: /Sign-in/i }).click();
  const consent = page.getByRole("button", { name: /Continue/i });
  if (await consent.isVisible({ timeout: 5000 }).catch(() => false)) await consent.click();
  await expect(page.getByTestId("signed-in-as")).toContainText("Sam SSO");
}

test("roles from the ID token grant organizer rights through an SSO group, and a later sign-in without them takes them away", async ({ page }) => {
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
