// The platform survives its own crashes: `npm start` restarts a scorer or a
// web server killed with SIGKILL, keeps the rest running, and a submission
// caught by the scorer's death is scored exactly once after the restart.
import { readdirSync, readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { admin } from "./admin-cli.ts";
import { signInAs } from "./sign-in.ts";

/** The pids of this test platform's processes whose command line contains `marker`. */
function pidsOf(marker: string): number[] {
  const pids: number[] = [];
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      const environ = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      if (cmdline.includes(marker) && environ.includes(`DATA_DIR=${process.env.E2E_DATA_DIR}`)) pids.push(Number(pid));
    } catch {
      // ended meanwhile
    }
  }
  return pids;
}

test("a scorer killed with SIGKILL is restarted, the platform keeps serving, and the submission it held is scored exactly once", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signInAs(page, "Alice Participant");
  const [scorer] = pidsOf("apps/scorer/src/main.ts");
  expect(scorer).toBeGreaterThan(0);

  const upload = await page.request.post("/api/challenges/top-tagging/submissions", {
    headers: { "x-file-name": "killed.csv", "content-type": "text/csv" },
    data: "id,score\n0,0.5\n",
  });
  expect(upload.status()).toBe(202);
  const { id } = (await upload.json()) as { id: string };
  process.kill(scorer, "SIGKILL");

  // The web server never noticed.
  expect((await page.request.get("/api/health")).status()).toBe(200);
  await expect
    .poll(() => pidsOf("apps/scorer/src/main.ts").filter((p) => p !== scorer).length, { timeout: 30_000 })
    .toBe(1);
  // Its lease lapses, the new worker takes it up: a final state, reached once.
  await expect
    .poll(
      async () =>
        (
          (await (
            await page.request.get(
              `/api/trpc/submission.get?input=${encodeURIComponent(JSON.stringify({ json: { id } }))}`,
            )
          ).json()) as { result: { data: { json: { status: string } } } }
        ).result.data.json.status,
      { timeout: 120_000 },
    )
    .toMatch(/^(INVALID|SCORED)$/);
  const finals = (
    JSON.parse(admin("audit", "list", "--slug", "top-tagging", "--limit", "500", "--json")) as {
      action: string;
      subjectId: string;
    }[]
  ).filter((e) => e.subjectId === id && /^submission\.(scored|invalid|failed)$/.test(e.action));
  expect(finals).toHaveLength(1);
});

test("a web server killed with SIGKILL is restarted while the rest keeps running", async ({ page }) => {
  test.setTimeout(180_000);
  const [web] = pidsOf("next-server");
  expect(web).toBeGreaterThan(0);
  const [scorer] = pidsOf("apps/scorer/src/main.ts");
  process.kill(web, "SIGKILL");
  await expect
    .poll(async () => (await page.request.get("/api/health").catch(() => null))?.status() ?? 0, {
      timeout: 120_000,
      intervals: [500],
    })
    .toBe(200);
  expect(pidsOf("apps/scorer/src/main.ts")).toContain(scorer);
  await page.goto("/");
  await expect(page.getByTestId("challenge-top-tagging")).toBeVisible();
});
