// The REST API against the running platform, as an automated user: the
// admin CLI makes a user and tokens, then every documented endpoint is
// called and every answer checked against its schema in the OpenAPI document.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import SwaggerParser from "@apidevtools/swagger-parser";
import { tarGz } from "../../challenges/fpga-jet-tagging/write-bundle.ts";
import { type ExampleBundle, exampleBundleFiles } from "../fixtures/example-bundle.ts";
import { admin } from "./admin-cli.ts";
import { expect, test, type APIRequestContext } from "@playwright/test";
import * as schemas from "../../apps/web/src/server/rest/schemas.ts";

const email = `robot-${Date.now()}@ci.example`;
let submitToken: string;
let readToken: string;
let otherChallengeToken: string;
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

test.beforeAll(() => {
  admin("user", "create", "--email", email, "--name", "CI Robot");
  submitToken = admin("token", "create", "--email", email, "--scopes", "read,submit");
  readToken = admin("token", "create", "--email", email, "--scopes", "read");
  otherChallengeToken = admin("token", "create", "--email", email, "--scopes", "read,submit", "--challenge", "trackml");
});

let baseline: string | undefined;
/** The baseline submission as a participant computes it from the downloaded test file. */
function baselineFrom(testH5: Buffer): string {
  const file = `${process.env.E2E_DATA_DIR}/api-test.h5`;
  writeFileSync(file, testH5);
  return (baseline ??= execFileSync(
    "npm",
    ["run", "-s", "baseline", "--", "--challenge", "top-tagging", "--input", file],
    { encoding: "utf8" },
  ));
}

async function problem(res: Awaited<ReturnType<APIRequestContext["get"]>>, status: number, detail: RegExp) {
  expect(res.status()).toBe(status);
  expect(res.headers()["content-type"]).toContain("application/problem+json");
  const body = schemas.problemDetails.parse(await res.json());
  expect(body.status).toBe(status);
  expect(body.detail).toMatch(detail);
  return body;
}

test("the OpenAPI document is valid and documents every route", async ({ request }) => {
  const res = await request.get("/api/v1/openapi.json");
  expect(res.ok()).toBe(true);
  const doc = await res.json();
  await SwaggerParser.validate(structuredClone(doc));
  expect(Object.keys(doc.paths).sort()).toEqual(
    [
      "/api/v1/challenges",
      "/api/v1/challenges/{slug}",
      "/api/v1/challenges/{slug}/boxes/{box}",
      "/api/v1/challenges/{slug}/boxes/{box}/answers",
      "/api/v1/challenges/{slug}/files",
      "/api/v1/challenges/{slug}/leaderboard",
      "/api/v1/challenges/{slug}/submissions",
      "/api/v1/challenges/{slug}/uploads",
      "/api/v1/uploads/{id}/complete",
      "/api/v1/submissions/{id}",
      "/api/v1/submissions/{id}/selection",
    ].sort(),
  );
});

test("a token reads challenges and files, submits in one call, and sees the score and the leaderboard", async ({
  request,
}) => {
  const list = schemas.challengeSummary
    .array()
    .parse(await (await request.get("/api/v1/challenges", { headers: auth(readToken) })).json());
  expect(list.map((c) => c.slug)).toEqual(expect.arrayContaining(["top-tagging", "trackml", "lhco-2020"]));

  const detail = schemas.challengeDetail.parse(
    await (await request.get("/api/v1/challenges/top-tagging", { headers: auth(readToken) })).json(),
  );
  expect(detail.currentPhaseId).not.toBeNull();
  const leftBefore = detail.submissionsLeftToday!;

  const files = schemas.datasetFile
    .array()
    .parse(await (await request.get("/api/v1/challenges/top-tagging/files", { headers: auth(readToken) })).json());
  const testFile = files.find((f) => f.name === "test.h5")!;
  expect(files.some((f) => f.name.includes("truth"))).toBe(false);
  const bytes = Buffer.from(await (await fetch(testFile.url)).arrayBuffer());
  expect(createHash("sha256").update(bytes).digest("hex")).toBe(testFile.sha256);

  // The baseline as a participant would compute it, from the downloaded file.
  const csv = baselineFrom(bytes);

  const post = () =>
    request.post("/api/v1/challenges/top-tagging/submissions", {
      headers: { ...auth(submitToken), "Idempotency-Key": `e2e-${email}` },
      multipart: {
        description: "from the REST API",
        file: { name: "api.csv", mimeType: "text/csv", buffer: Buffer.from(csv) },
      },
    });
  const first = await post();
  expect(first.status()).toBe(202);
  const created = schemas.submissionCreated.parse(await first.json());
  expect(created.replayed).toBe(false);
  expect(created.sha256).toBe(createHash("sha256").update(csv).digest("hex"));

  const again = await post();
  expect(again.status()).toBe(200);
  expect(schemas.submissionCreated.parse(await again.json())).toMatchObject({ id: created.id, replayed: true });
  // The same key with another file is a mistake, not a retry: 422, nothing stored.
  const other = await request.post("/api/v1/challenges/top-tagging/submissions", {
    headers: { ...auth(submitToken), "Idempotency-Key": `e2e-${email}` },
    multipart: { file: { name: "other.csv", mimeType: "text/csv", buffer: Buffer.from(`${csv}\n`) } },
  });
  await problem(other, 422, /was used for submission .* with another file/);

  let scored: ReturnType<typeof schemas.submission.parse> | undefined;
  await expect(async () => {
    scored = schemas.submission.parse(
      await (await request.get(`/api/v1/submissions/${created.id}`, { headers: auth(readToken) })).json(),
    );
    expect(scored.status).toBe("SCORED");
  }).toPass({ timeout: 60_000 });
  expect(scored!.scores!.auc).toEqual(expect.any(Number));
  expect(scored!.description).toBe("from the REST API");

  const mine = schemas.submission
    .array()
    .parse(
      await (await request.get("/api/v1/challenges/top-tagging/submissions", { headers: auth(readToken) })).json(),
    );
  expect(mine.map((s) => s.id)).toEqual([created.id]);
  const after = schemas.challengeDetail.parse(
    await (await request.get("/api/v1/challenges/top-tagging", { headers: auth(readToken) })).json(),
  );
  expect(after.submissionsLeftToday).toBe(leftBefore - 1);

  const board = schemas.leaderboard.parse(
    await (await request.get("/api/v1/challenges/top-tagging/leaderboard", { headers: auth(readToken) })).json(),
  );
  expect(board.rows.some((r) => r.submissionId === created.id && r.participant === "CI Robot")).toBe(true);
});

test("refusals say why, with the right status, and store nothing", async ({ request }) => {
  const count = async () =>
    (await (await request.get("/api/v1/challenges/top-tagging/submissions", { headers: auth(readToken) })).json())
      .length;
  const before = await count();
  const file = { name: "x.csv", mimeType: "text/csv", buffer: Buffer.from("id,score\n0,0.5\n") };

  const anonymous = await request.get("/api/v1/challenges");
  await problem(anonymous, 401, /Bearer/);
  expect(anonymous.headers()["www-authenticate"]).toContain("Bearer");
  await problem(
    await request.get("/api/v1/challenges", { headers: auth("unb_pat_notatoken") }),
    401,
    /not a valid Unblind token/,
  );
  await problem(
    await request.post("/api/v1/challenges/top-tagging/submissions", { headers: auth(readToken), multipart: { file } }),
    403,
    /lacks the "submit" scope/,
  );
  await problem(
    await request.post("/api/v1/challenges/top-tagging/submissions", {
      headers: auth(otherChallengeToken),
      multipart: { file },
    }),
    403,
    /only works for the challenge "trackml"/,
  );
  admin("challenge", "accepting", "--slug", "trackml", "--to", "no");
  const closed = await request.post("/api/v1/challenges/trackml/submissions", {
    headers: auth(otherChallengeToken),
    multipart: { file },
  });
  admin("challenge", "accepting", "--slug", "trackml", "--to", "yes");
  await problem(closed, 409, /not accepting submissions/);
  await problem(
    await request.post("/api/v1/challenges/top-tagging/submissions", {
      headers: auth(submitToken),
      data: "id,score\n",
    }),
    400,
    /multipart\/form-data/,
  );
  await problem(await request.get("/api/v1/challenges/nope", { headers: auth(readToken) }), 404, /No challenge "nope"/);
  await problem(await request.get("/api/v1/submissions/nope", { headers: auth(readToken) }), 404, /No such submission/);
  expect(await count()).toBe(before);
});

test("a large file goes in parts straight to storage, and only a completed upload becomes a submission", async ({
  request,
}) => {
  const files = schemas.datasetFile
    .array()
    .parse(await (await request.get("/api/v1/challenges/top-tagging/files", { headers: auth(readToken) })).json());
  const csv = Buffer.from(
    baselineFrom(Buffer.from(await (await fetch(files.find((f) => f.name === "test.h5")!.url)).arrayBuffer())),
  );
  const mine = async () =>
    (await (await request.get("/api/v1/challenges/top-tagging/submissions", { headers: auth(readToken) })).json())
      .length;
  const before = await mine();
  const start = () =>
    request.post("/api/v1/challenges/top-tagging/uploads", {
      headers: auth(submitToken),
      data: { fileName: "big.csv", size: csv.length, description: "in parts" },
    });

  // Broken off: started, never completed. It is no submission, and nobody else can complete it.
  const broken = schemas.uploadStarted.parse(await (await start()).json());
  await problem(
    await request.post(`/api/v1/uploads/${broken.id}/complete`, { headers: auth(submitToken), data: { parts: [] } }),
    400,
    /parts/,
  );
  await problem(
    await request.post(`/api/v1/uploads/${broken.id}/complete`, {
      headers: auth(submitToken),
      data: { parts: [{ partNumber: 2, etag: '"x"' }] },
    }),
    400,
    /each of the 1 part\(s\), numbered 1 to 1/,
  );
  const stranger = admin("token", "create", "--email", "alice@unblind.dev", "--scopes", "submit");
  await problem(
    await request.post(`/api/v1/uploads/${broken.id}/complete`, {
      headers: auth(stranger),
      data: { parts: [{ partNumber: 1, etag: '"x"' }] },
    }),
    404,
    /No such upload/,
  );
  expect(await mine()).toBe(before);

  const res = await start();
  expect(res.status()).toBe(201);
  const upload = schemas.uploadStarted.parse(await res.json());
  const parts = [];
  for (const part of upload.parts) {
    const put = await fetch(part.url, { method: "PUT", body: csv.subarray(part.offset, part.offset + part.size) });
    expect(put.ok).toBe(true);
    parts.push({ partNumber: part.partNumber, etag: put.headers.get("etag")! });
  }
  const done = await request.post(`/api/v1/uploads/${upload.id}/complete`, {
    headers: auth(submitToken),
    data: { parts },
  });
  expect(done.status()).toBe(202);
  const created = schemas.submissionCreated.parse(await done.json());
  expect(created.sha256).toBe(createHash("sha256").update(csv).digest("hex"));
  await expect(async () => {
    const s = schemas.submission.parse(
      await (await request.get(`/api/v1/submissions/${created.id}`, { headers: auth(readToken) })).json(),
    );
    expect(s.status).toBe("SCORED");
    expect(s.description).toBe("in parts");
  }).toPass({ timeout: 60_000 });
  expect(await mine()).toBe(before + 1);

  await problem(
    await request.post("/api/v1/challenges/top-tagging/uploads", {
      headers: auth(submitToken),
      data: { fileName: "huge.csv", size: 10 ** 12 },
    }),
    413,
    /larger than this phase's limit/,
  );
  await problem(
    await request.post("/api/v1/challenges/top-tagging/uploads", {
      headers: auth(submitToken),
      data: { fileName: "x.csv" },
    }),
    400,
    /size/,
  );
});

test("the daily limit is refused with 429, its reset time and Retry-After, and nothing is stored", async ({
  request,
}) => {
  const { previous } = JSON.parse(
    admin("challenge", "limits", "--slug", "top-tagging", "--max-per-day", "1", "--json"),
  );
  try {
    const count = async () =>
      (await (await request.get("/api/v1/challenges/top-tagging/submissions", { headers: auth(readToken) })).json())
        .length;
    const before = await count();
    const res = await request.post("/api/v1/challenges/top-tagging/submissions", {
      headers: auth(submitToken),
      multipart: { file: { name: "x.csv", mimeType: "text/csv", buffer: Buffer.from("id,score\n0,0.5\n") } },
    });
    const body = await problem(
      res,
      429,
      /Daily limit of 1 submissions reached; it resets at \d{4}-\d\d-\d\dT00:00:00\.000Z/,
    );
    expect(body.resetAt).toEqual(expect.any(String));
    expect(Number(res.headers()["retry-after"])).toBeGreaterThan(0);
    await problem(
      await request.post("/api/v1/challenges/top-tagging/uploads", {
        headers: auth(submitToken),
        data: { fileName: "x.csv", size: 10 },
      }),
      429,
      /Daily limit/,
    );
    expect(await count()).toBe(before);
  } finally {
    admin("challenge", "limits", "--slug", "top-tagging", "--max-per-day", String(previous.maxPerDay));
  }
});

test("a user is rate limited at 120 requests a minute over all of their tokens, with Retry-After", async ({
  request,
}) => {
  const busy = `busy-${Date.now()}@ci.example`;
  admin("user", "create", "--email", busy, "--name", "Busy Robot");
  // More tokens buy no more requests: the limit counts the user's calls, whichever token makes them.
  const tokens = [1, 2, 3].map(() => admin("token", "create", "--email", busy, "--scopes", "read"));
  const statuses = [];
  for (let i = 0; i < 120; i++)
    statuses.push((await request.get("/api/v1/challenges", { headers: auth(tokens[i % 2]) })).status());
  expect(statuses.every((s) => s === 200)).toBe(true);
  const limited = await request.get("/api/v1/challenges", { headers: auth(tokens[2]) });
  await problem(limited, 429, /Rate limit of 120 requests per minute/);
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
});

test("a challenge creator's token creates a challenge from a bundle archive; a bad bundle is refused with every problem located", async ({
  request,
}) => {
  const creator = `creator-${Date.now()}@ci.example`;
  admin("user", "create", "--email", creator, "--name", "Creator");
  admin("user", "site-role", "--email", creator, "--to", "admin");
  const createToken = admin("token", "create", "--email", creator, "--scopes", "read,create");
  const slug = `bundle-${Date.now().toString(36)}`;
  const archive = (options: ExampleBundle = {}) => Buffer.from(tarGz(exampleBundleFiles({ slug, ...options })));
  const post = (token: string, bytes: Buffer, fields: Record<string, string> = {}) =>
    request.post("/api/v1/challenges", {
      headers: auth(token),
      multipart: { ...fields, bundle: { name: "bundle.tar.gz", mimeType: "application/gzip", buffer: bytes } },
    });

  // Scope and role: a submit token, and a participant's create token, are refused.
  await problem(await post(submitToken, archive()), 403, /lacks the "create" scope/);
  const participantCreate = admin("token", "create", "--email", email, "--scopes", "read,create");
  await problem(await post(participantCreate, archive()), 403, /site admins and members of the group/);

  const bad = await problem(
    await post(createToken, archive({ metricExtra: "      colour: blue", closes: "P1Y" })),
    400,
    /2 problems; nothing was created/,
  );
  expect(bad.problems).toEqual([
    { file: "challenge.yaml", line: 18, column: 7, message: 'scoring.metrics[0]: unknown key "colour"' },
    {
      file: "challenge.yaml",
      line: 25,
      column: 13,
      message: "phases[0].closes: an ISO 8601 date-time with zone, or a duration such as P90D from creation",
    },
  ]);
  const preview = schemas.bundlePreview.parse(
    await (await post(createToken, archive({ uploadedLater: true }), { check: "true" })).json(),
  );
  expect(preview.preview.files).toEqual([
    { name: "test_ids.csv", access: "PUBLIC", source: "bundle" },
    { name: "truth.csv", access: "TRUTH", source: "bundle" },
    { name: "train.h5", access: "PARTICIPANTS", source: "uploaded afterwards" },
  ]);
  const created = await post(createToken, archive());
  expect(created.status()).toBe(201);
  expect(schemas.challengeCreated.parse(await created.json()).slug).toBe(slug);
  const again = await post(createToken, archive());
  await problem(again, 409, /exists already/);
});
