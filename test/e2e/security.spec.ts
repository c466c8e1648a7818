// A hostile participant with a valid account, a browser session and an API
// token tries every route to another user's data, to a challenge hidden from
// them and to hidden truth: REST, tRPC, the browser upload route, pages and
// presigned URLs. The count of successes must be zero, and nothing may be
// stored or changed by the attempts.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { admin } from "./admin-cli.ts";

const stamp = Date.now();
const victim = `victim-${stamp}@ci.example`;
const insiders = `sec-insiders-${stamp}`;
let victimToken: string;
let hostileToken: string;
let victimSubmission: string;
let victimUpload: string;
let truthFileId: string;
let truthKey: string;
let publicFileId: string;
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const json = (args: string[]) => JSON.parse(admin(...args, "--json"));

test.beforeAll(async ({ request }) => {
  admin("user", "create", "--email", victim, "--name", "Victor Victim");
  victimToken = admin("token", "create", "--email", victim, "--scopes", "read,submit");
  hostileToken = admin("token", "create", "--email", "bob@unblind.dev", "--scopes", "read,submit");
  admin("group", "create", "--name", insiders, "--owner", "organizer@unblind.dev");
  admin("group", "add", "--name", insiders, "--email", victim);
  admin("challenge", "grant", "--slug", "lhco-2020", "--visible-to", insiders);
  const files = json(["file", "list", "--slug", "top-tagging"]) as {
    id: string;
    name: string;
    level: string;
    key: string;
  }[];
  ({ id: truthFileId, key: truthKey } = files.find((f) => f.level === "TRUTH")!);
  publicFileId = files.find((f) => f.level === "PUBLIC")!.id;

  const sub = await request.post("/api/v1/challenges/top-tagging/submissions", {
    headers: auth(victimToken),
    multipart: { file: { name: "victim.csv", mimeType: "text/csv", buffer: Buffer.from("jet_id,score\n0,0.5\n") } },
  });
  expect(sub.status()).toBe(202);
  victimSubmission = (await sub.json()).id;
  const up = await request.post("/api/v1/challenges/top-tagging/uploads", {
    headers: auth(victimToken),
    data: { fileName: "big.csv", size: 20 },
  });
  expect(up.status()).toBe(201);
  victimUpload = (await up.json()).id;
});

test.afterAll(() => {
  admin("challenge", "visibility", "--slug", "lhco-2020", "--to", "public");
});

/** What must not change whatever the hostile user does. */
async function state(request: APIRequestContext) {
  const mine = await request.get("/api/v1/challenges/top-tagging/submissions", { headers: auth(victimToken) });
  return {
    victimSubmissions: (await mine.json()).map((s: { id: string; status: string }) => s.id).sort(),
    files: admin("file", "list", "--slug", "top-tagging"),
    lhcoFiles: admin("file", "list", "--slug", "lhco-2020"),
    insiders: admin("group", "show", "--name", insiders),
    eventsByHostile: json(["audit", "list", "--actor", "bob@unblind.dev", "--limit", "500"]).length,
  };
}

async function signInAsBob(page: Page) {
  await page.goto("/signin");
  await page.getByRole("button", { name: /Bob Participant/ }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText("Bob Participant");
}

test("a hostile participant reaches nothing of another user, of a hidden challenge, or of the truth", async ({
  page,
  request,
}) => {
  await signInAsBob(page);
  const before = await state(request);
  const successes: string[] = [];
  const attempt = async (
    what: string,
    res: { status(): number; text(): Promise<string> },
    allowed = [401, 403, 404, 409],
  ) => {
    if (!allowed.includes(res.status()))
      successes.push(`${what}: HTTP ${res.status()} ${(await res.text()).slice(0, 300)}`);
  };
  const h = auth(hostileToken);

  // REST, with the hostile user's own valid token.
  await attempt(
    "REST another user's submission",
    await request.get(`/api/v1/submissions/${victimSubmission}`, { headers: h }),
  );
  await attempt(
    "REST complete another user's upload",
    await request.post(`/api/v1/uploads/${victimUpload}/complete`, {
      headers: h,
      data: { parts: [{ partNumber: 1, etag: '"x"' }] },
    }),
  );
  for (const path of ["", "/files", "/leaderboard", "/submissions"]) {
    await attempt(
      `REST hidden challenge${path}`,
      await request.get(`/api/v1/challenges/lhco-2020${path}`, { headers: h }),
    );
  }
  await attempt(
    "REST submit to hidden challenge",
    await request.post("/api/v1/challenges/lhco-2020/submissions", {
      headers: h,
      multipart: { file: { name: "x.csv", mimeType: "text/csv", buffer: Buffer.from("x\n") } },
    }),
  );
  await attempt(
    "REST upload to hidden challenge",
    await request.post("/api/v1/challenges/lhco-2020/uploads", { headers: h, data: { fileName: "x.csv", size: 10 } }),
  );
  const listed = await (await request.get("/api/v1/challenges", { headers: h })).json();
  if (listed.some((c: { slug: string }) => c.slug === "lhco-2020"))
    successes.push("REST challenge list shows the hidden challenge");
  const files = await (await request.get("/api/v1/challenges/top-tagging/files", { headers: h })).json();
  for (const f of files)
    if (!["PUBLIC", "PARTICIPANTS"].includes(f.access)) successes.push(`REST file list shows ${f.name} (${f.access})`);

  // tRPC, with the hostile user's browser session.
  const trpcGet = (proc: string, input: unknown) =>
    page.request.get(`/api/trpc/${proc}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  const trpcPost = (proc: string, input: unknown) => page.request.post(`/api/trpc/${proc}`, { data: { json: input } });
  await attempt("tRPC another user's submission", await trpcGet("submission.get", { id: victimSubmission }));
  await attempt("tRPC hidden challenge", await trpcGet("challenge.get", { slug: "lhco-2020" }));
  await attempt("tRPC hidden leaderboard", await trpcGet("challenge.leaderboard", { slug: "lhco-2020" }));
  await attempt("tRPC hidden challenge's submissions", await trpcGet("submission.mine", { slug: "lhco-2020" }));
  await attempt("tRPC truth download URL", await trpcPost("dataset.downloadUrl", { fileId: truthFileId }));
  await attempt("tRPC challenge settings", await trpcGet("challenge.settings", { slug: "top-tagging" }));
  await attempt("tRPC challenge audit trail", await trpcGet("challenge.audit", { slug: "top-tagging" }));
  await attempt("tRPC whole audit log", await trpcGet("challenge.audit", {}));
  await attempt(
    "tRPC make truth public",
    await trpcPost("challenge.setFileLevel", { slug: "top-tagging", file: truthFileId, level: "PUBLIC" }),
  );
  await attempt(
    "tRPC open the hidden challenge",
    await trpcPost("challenge.setAccess", {
      slug: "lhco-2020",
      visibility: "PUBLIC",
      viewGroups: [],
      organizerGroups: [],
      eligibleGroup: null,
      alsoRequiredGroup: null,
    }),
  );
  await attempt(
    "tRPC add self to the insiders",
    await trpcPost("group.addMember", { name: insiders, member: { email: "bob@unblind.dev" } }),
  );
  await attempt("tRPC join a closed group", await trpcPost("group.join", { name: insiders }));
  await attempt("tRPC re-score a phase", await trpcPost("submission.rescorePhase", { phaseId: "any" }));

  // The browser upload route and pages.
  await attempt(
    "browser upload to hidden challenge",
    await page.request.post("/api/challenges/lhco-2020/submissions", {
      multipart: { file: { name: "x.csv", mimeType: "text/csv", buffer: Buffer.from("x\n") } },
    }),
  );
  for (const path of [
    `/submissions/${victimSubmission}`,
    "/challenges/lhco-2020",
    "/challenges/lhco-2020/leaderboard",
    "/challenges/lhco-2020/settings",
  ]) {
    await attempt(`page ${path}`, (await page.goto(path))!);
  }
  await page.goto("/challenges/top-tagging/settings");
  await expect(page.getByText(/Only the organizers of this challenge/)).toBeVisible();
  await page.goto("/challenges/top-tagging/audit");
  await expect(page.getByText(/Only the organizers of this challenge can read its audit trail/)).toBeVisible();
  await page.goto(`/groups/${insiders}`);
  await expect(page.getByTestId("members-hidden")).toBeVisible(); // member list privacy: members

  // Presigned URLs: a valid URL of a public file, pointed at the truth's key, must not open it.
  const { url } = (await (await trpcPost("dataset.downloadUrl", { fileId: publicFileId })).json()).result.data.json;
  const tampered = url.replace(/datasets\/top-tagging\/[^?]+/, truthKey);
  expect(tampered).not.toBe(url);
  await attempt("presigned URL tampered to the truth", await request.get(tampered), [400, 403, 404]);

  expect(successes, successes.join("\n")).toEqual([]);
  expect(await state(request)).toEqual(before);
});

test("the victim still sees their own submission; the insiders see the hidden challenge until they leave the group", async ({
  request,
}) => {
  const own = await request.get(`/api/v1/submissions/${victimSubmission}`, { headers: auth(victimToken) });
  expect(own.status()).toBe(200);
  const hidden = await request.get("/api/v1/challenges/lhco-2020", { headers: auth(victimToken) });
  expect(hidden.status()).toBe(200);
  // A token never exceeds its owner's rights now: out of the group, the same token gets 404 at once.
  admin("group", "remove", "--name", insiders, "--email", victim);
  expect((await request.get("/api/v1/challenges/lhco-2020", { headers: auth(victimToken) })).status()).toBe(404);
});
