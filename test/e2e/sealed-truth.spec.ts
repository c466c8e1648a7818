// Sealed means sealed, tried over HTTP as a hostile participant would on a
// fresh `npm start`: forged storage requests signed with what a presigned URL
// shows, the public generator run to regenerate the hidden truth, a probe
// that would read labels out of a ROC curve, and a burst of concurrent
// answers against the daily limit. Each attempt fails and changes nothing.
// (The attacks that need the server's view are in
// test/integration/sealed-truth.test.ts.)
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { expect, test, type Page } from "@playwright/test";
import { admin } from "./admin-cli.ts";
import { signInAs } from "./sign-in.ts";

const trpcGet = (page: Page, proc: string, input: unknown) =>
  page.request.get(`/api/trpc/${proc}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);

/** A presigned download URL of a public file, as any participant gets one. */
async function presignedUrl(page: Page): Promise<URL> {
  const res = await page.request.post("/api/trpc/dataset.urlByName", {
    data: { json: { slug: "top-tagging", name: "test.h5" } },
  });
  expect(res.status()).toBe(200);
  return new URL(((await res.json()) as { result: { data: { json: { url: string } } } }).result.data.json.url);
}

test("storage requests signed with what a presigned URL shows, or with s3rver's defaults, are refused", async ({
  page,
}) => {
  await signInAs(page, "Alice Participant");
  const url = await presignedUrl(page);
  const accessKeyId = url.searchParams.get("X-Amz-Credential")!.split("/")[0];
  const bucket = url.pathname.split("/")[1];
  expect(accessKeyId).not.toBe("S3RVER");

  const endpoint = url.origin;
  const attempts = [
    { accessKeyId, secretAccessKey: accessKeyId }, // s3rver's convention: the secret is the key
    { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" }, // s3rver's public default
  ];
  for (const credentials of attempts) {
    const s3 = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials, maxAttempts: 1 });
    const refusedWith403 = async (what: string, send: () => Promise<unknown>) => {
      const error = await send().then(
        () => null,
        (e: { $metadata?: { httpStatusCode?: number } }) => e,
      );
      expect(error, `${what} with ${credentials.accessKeyId} was accepted`).not.toBeNull();
      expect(error!.$metadata?.httpStatusCode).toBe(403);
    };
    await refusedWith403("listing the bucket", () => s3.send(new ListObjectsV2Command({ Bucket: bucket })));
    await refusedWith403("reading an object", () =>
      s3.send(new GetObjectCommand({ Bucket: bucket, Key: url.pathname.split("/").slice(2).join("/") })),
    );
    await refusedWith403("writing an object", () =>
      s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: "submissions/top-tagging/forged/forged.csv", Body: "id,score\n" }),
      ),
    );
    s3.destroy();
  }
  // The URL's own signature covers its path: pointed at the bucket listing, it is refused.
  const listing = new URL(url);
  listing.pathname = `/${bucket}/`;
  expect((await fetch(listing)).status).toBe(403);
  // And the genuine URL still works.
  expect((await fetch(url)).status).toBe(200);
});

test("the public generator does not reproduce the hosted truth: its test labels submitted as scores rank nowhere near the top", async ({
  page,
}) => {
  test.setTimeout(120_000);
  // A participant of its own: the demo accounts' day and rate limits belong to the other tests.
  const email = `regenerator-${Date.now()}@unblind.dev`;
  admin("user", "create", "--email", email, "--name", "Regenerator");
  const token = admin("token", "create", "--email", email, "--scopes", "read,submit");
  // With no seed (a fresh one) and with the seed the demo used to be published with.
  for (const seed of [undefined, "20260101"]) {
    const out = mkdtempSync(path.join(tmpdir(), "e2e-regenerate-"));
    execFileSync(
      "npm",
      ["run", "-s", "generate", "--", "--challenge", "top-tagging", "--out", out, ...(seed ? ["--seed", seed] : [])],
      { stdio: "pipe" },
    );
    const truth = readFileSync(path.join(out, "test_truth.csv"), "utf8").replace(/^id,is_signal\n/, "id,score\n");
    const post = await page.request.post("/api/v1/challenges/top-tagging/submissions", {
      headers: { authorization: `Bearer ${token}` },
      multipart: { file: { name: "regenerated.csv", mimeType: "text/csv", buffer: Buffer.from(truth) } },
    });
    expect(post.status()).toBe(202);
    const { id } = (await post.json()) as { id: string };
    let auc = Number.NaN;
    await expect(async () => {
      const s = (await (
        await page.request.get(`/api/v1/submissions/${id}`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { status: string; scores: { auc: number } | null };
      expect(s.status).toBe("SCORED");
      auc = s.scores!.auc;
    }).toPass({ timeout: 60_000, intervals: [500, 1000] });
    // The labels of another draw are noise against the hosted ones.
    expect(auc).toBeGreaterThan(0.35);
    expect(auc).toBeLessThan(0.65);
  }
});

test("a probe with one score level per jet gets scalar scores and nine working points during the phase, no ROC curve", async ({
  page,
}) => {
  await signInAs(page, "Alice Participant");
  const url = await presignedUrl(page);
  const dir = mkdtempSync(path.join(tmpdir(), "e2e-probe-"));
  const h5 = path.join(dir, "test.h5");
  writeFileSync(h5, Buffer.from(await (await fetch(url)).arrayBuffer()));
  const baseline = execFileSync("npm", ["run", "-s", "baseline", "--", "--challenge", "top-tagging", "--input", h5], {
    encoding: "utf8",
  });
  const ids = baseline
    .trim()
    .split("\n")
    .slice(1)
    .map((r) => r.split(",")[0]);
  const probe = `id,score\n${ids.map((id, i) => `${id},${i}`).join("\n")}\n`;

  await page.goto("/challenges/top-tagging");
  await page
    .locator('input[type="file"]')
    .setInputFiles({ name: "probe.csv", mimeType: "text/csv", buffer: Buffer.from(probe) });
  await page.getByRole("button", { name: "Submit" }).click();
  await page.waitForURL(/\/submissions\//);
  await expect(page.getByTestId("submission-status")).toContainText("scored", { timeout: 60_000 });
  const id = page.url().split("/submissions/")[1];

  const body = await (await trpcGet(page, "submission.get", { id })).text();
  expect(body).not.toContain('"roc"');
  const points = (
    JSON.parse(body) as { result: { data: { json: { curves: { workingPoints: { signalEfficiency: number }[] } } } } }
  ).result.data.json.curves.workingPoints;
  expect(points.map((p) => p.signalEfficiency)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
  const plots = await (await trpcGet(page, "leaderboard.plots", { slug: "top-tagging", top: 50 })).text();
  expect(plots).not.toContain('"roc"');
  expect(plots).toContain('"curveKind":"workingPoints"');
  await expect(page.getByTestId("working-points-plot")).toBeVisible();
  await page.screenshot({ path: path.join(tmpdir(), "unblind-working-points.png"), fullPage: true });
});

test("a burst of 25 concurrent black-box answers never passes the daily limit", async ({ request }) => {
  const email = `burst-${Date.now()}@unblind.dev`;
  admin("user", "create", "--email", email, "--name", "Burst");
  const token = admin("token", "create", "--email", email, "--scopes", "read,submit");
  const box = "/api/v1/challenges/lhco-2020/boxes/Black%20box%202";
  const headers = { authorization: `Bearer ${token}` };
  const left = (
    (await (await request.get("/api/v1/challenges/lhco-2020", { headers })).json()) as {
      phases: { name: string; maxPerDay: number }[];
    }
  ).phases.find((p) => p.name === "Black box 2")!.maxPerDay;
  const answer = { pValue: 0.5, resonanceMass: { value: 3500, sigma: 100 }, nSignal: { value: 0, sigma: 5 } };
  const statuses = await Promise.all(
    Array.from({ length: 25 }, () => request.post(`${box}/answers`, { headers, data: answer }).then((r) => r.status())),
  );
  const accepted = statuses.filter((s) => s === 201).length;
  expect(accepted).toBeGreaterThan(0);
  expect(accepted).toBeLessThanOrEqual(left);
  expect(statuses.every((s) => s === 201 || s === 429 || s === 409)).toBe(true);
  const again = await request.post(`${box}/answers`, { headers, data: answer });
  if (accepted === left) expect(again.status()).toBe(429);
});
