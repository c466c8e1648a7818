import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { putFilePart } from "../src/put-file-part.ts";
import { PartNotSent, sendParts } from "../src/send-parts.ts";

/** A stand-in object store: keeps each PUT's bytes, answers an ETag, fails the requests it is told to. */
async function store(failFirst: (partNumber: number, attempt: number) => boolean) {
  const received = new Map<number, Buffer>();
  const attempts = new Map<number, number>();
  const server = createServer((req, res) => {
    const n = Number(new URL(req.url!, "http://x").searchParams.get("part"));
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const attempt = (attempts.get(n) ?? 0) + 1;
      attempts.set(n, attempt);
      if (failFirst(n, attempt)) {
        res.writeHead(503).end();
        return;
      }
      const body = Buffer.concat(chunks);
      received.set(n, body);
      res.writeHead(200, { etag: `"${createHash("md5").update(body).digest("hex")}"` }).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = (n: number) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/?part=${n}`;
  return { received, attempts, url, close: () => server.close() };
}

function fileOf(bytes: Buffer) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "parts-")), "f.bin");
  writeFileSync(file, bytes);
  return file;
}

const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
const plan = (url: (n: number) => string, done: number[] = []) =>
  [0, 1, 2, 3].map((i) => ({
    partNumber: i + 1,
    offset: i * 300,
    size: Math.min(300, 1000 - i * 300),
    url: done.includes(i + 1) ? null : url(i + 1),
    done: done.includes(i + 1),
  }));

describe("sendParts", () => {
  it("sends each part's exact bytes, retries a refused PUT, reports the ETags in part order and every part once to onPartSent", async () => {
    const s = await store((n, attempt) => n === 2 && attempt === 1);
    const recorded: number[] = [];
    const progress: number[] = [];
    try {
      const sent = await sendParts(plan(s.url), {
        put: putFilePart(fileOf(bytes)),
        onPartSent: async (p) => void recorded.push(p.partNumber),
        onProgress: (n) => progress.push(n),
        backoffMs: 1,
      });
      assert.deepEqual(
        sent.map((p) => p.partNumber),
        [1, 2, 3, 4],
      );
      assert.deepEqual(Buffer.concat([1, 2, 3, 4].map((n) => s.received.get(n)!)), bytes);
      assert.equal(s.attempts.get(2), 2, "part 2 was sent again after the 503");
      assert.deepEqual(
        recorded.sort((a, b) => a - b),
        [1, 2, 3, 4],
      );
      assert.equal(progress.at(-1), 1000);
    } finally {
      s.close();
    }
  });

  it("resumes with the parts not done only, counting the done ones as sent", async () => {
    const s = await store(() => false);
    const progress: number[] = [];
    try {
      const sent = await sendParts(plan(s.url, [1, 3]), {
        put: putFilePart(fileOf(bytes)),
        onProgress: (n) => progress.push(n),
      });
      assert.deepEqual(
        sent.map((p) => p.partNumber),
        [2, 4],
      );
      assert.deepEqual([...s.received.keys()].sort(), [2, 4]);
      assert.equal(progress[0], 600, "the done parts count from the start");
    } finally {
      s.close();
    }
  });

  it("gives up on a part after its attempts, names it, and starts no further parts", async () => {
    const s = await store((n) => n === 1);
    try {
      await assert.rejects(
        sendParts(plan(s.url), { put: putFilePart(fileOf(bytes)), concurrency: 1, attempts: 3, backoffMs: 1 }),
        (e: unknown) =>
          e instanceof PartNotSent && e.partNumber === 1 && /after 3 attempt\(s\).*HTTP 503/.test(e.message),
      );
      assert.equal(s.attempts.get(1), 3);
      assert.equal(s.received.size, 0, "with one worker, no part after the failed one was sent");
    } finally {
      s.close();
    }
  });
});
