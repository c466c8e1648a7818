import assert from "node:assert/strict";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { loadScorerConfig } from "../src/config.ts";
import { sandboxUid } from "../src/runtime.ts";
import { DEFAULT_LIMITS, limitsFor, type SandboxLimits } from "../src/sandbox/limits.ts";
import { runSandboxed } from "../src/sandbox/run-sandboxed.ts";

// Real bubblewrap, real processes: each hostile program runs exactly as a
// scorer would, and must be stopped by the sandbox, not by its own good will.
const uid = sandboxUid(loadScorerConfig({}), 7);
let root: string;
let jobDir: string;
let secretFile: string;
let server: Server;
let port: number;

before(async () => {
  root = mkdtempSync(path.join(tmpdir(), "unblind-sandbox-test-"));
  chmodSync(root, 0o711);
  secretFile = path.join(root, "secret-truth.csv");
  writeFileSync(secretFile, "id,label\n1,1\n", { mode: 0o644 }); // readable by anyone on the host
  jobDir = path.join(root, "job");
  mkdirSync(jobDir);
  writeFileSync(path.join(jobDir, "submission"), "id,score\n1,0.5\n", { mode: 0o444 });
  if (uid !== undefined) chownSync(jobDir, uid, uid);
  server = createServer((socket) => socket.end("hello from the host\n"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});

after(() => {
  server.close();
  rmSync(root, { recursive: true, force: true });
});

function run(code: string, limits: Partial<SandboxLimits> = {}, env?: Record<string, string>) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return runSandboxed({
      mode: "bwrap",
      uid,
      readOnly: [],
      jobDir,
      writableJob: true,
      limits: { ...DEFAULT_LIMITS, wallSeconds: 20, ...limits },
      command: ["/usr/bin/node", "-e", code],
    });
  } finally {
    process.env = saved;
  }
}

describe("the scoring sandbox", () => {
  it("runs a program that reads its job directory and prints", async () => {
    const r = await run(`process.stdout.write(require("fs").readFileSync("/job/submission", "utf8"))`);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout, "id,score\n1,0.5\n");
    assert.equal(r.limit, null);
  });

  it("has no route to a port the host opened on loopback", async () => {
    const r = await run(
      `require("net").connect(${port}, "127.0.0.1").on("data", (d) => { process.stdout.write(String(d)); process.exit(0) }).on("error", (e) => { console.log(e.code); process.exit(3) })`,
    );
    assert.equal(r.exitCode, 3);
    assert.doesNotMatch(r.stdout, /hello from the host/);
  });

  it("cannot read a host file outside the job directory", async () => {
    const r = await run(
      `try { console.log(require("fs").readFileSync(${JSON.stringify(secretFile)}, "utf8")) } catch (e) { console.log(e.code); process.exit(3) }`,
    );
    assert.equal(r.exitCode, 3);
    assert.doesNotMatch(r.stdout, /id,label/);
    assert.match(r.stdout, /ENOENT/);
  });

  it("sees none of the worker's environment", async () => {
    const r = await run(
      `console.log(JSON.stringify(process.env))`,
      {},
      { DATABASE_URL: "postgresql://secret@db/unblind", S3_SECRET_ACCESS_KEY: "hunter2" },
    );
    assert.doesNotMatch(r.stdout, /secret@db|hunter2/);
  });

  it("cannot write outside the job directory", async () => {
    const target = path.join(root, "planted-by-sandbox");
    const r = await run(
      `for (const f of [${JSON.stringify(target)}, "/usr/evil", "/tmp/evil"]) { try { require("fs").writeFileSync(f, "x"); console.log("wrote " + f) } catch (e) { console.log(e.code) } }`,
    );
    assert.doesNotMatch(r.stdout, /wrote/);
    assert.equal(existsSync(target), false);
  });

  it("cannot change the inputs of its job", async () => {
    const r = await run(
      `try { require("fs").writeFileSync("/job/submission", "tampered") } catch (e) { console.log(e.code) }`,
    );
    assert.match(r.stdout, /EACCES|EROFS|EPERM/);
    assert.equal(readFileSync(path.join(jobDir, "submission"), "utf8"), "id,score\n1,0.5\n");
  });

  it("stops a memory bomb at the memory limit", async () => {
    const r = await run(`const a = []; for (;;) a.push(new Float64Array(1e7).fill(1))`, { memoryMB: 1024 });
    assert.equal(r.limit, "memory", r.stderr.slice(-500));
  });

  it("stops an infinite loop at the CPU-time limit", async () => {
    const r = await run(`for (;;) {}`, { cpuSeconds: 2 });
    assert.equal(r.limit, "cpu");
    assert.ok(r.durationMs < 10_000);
  });

  it("stops a program that sleeps forever at the wall-clock limit", async () => {
    const r = await run(`setInterval(() => {}, 1000)`, { wallSeconds: 1 });
    assert.equal(r.limit, "wall");
  });

  it("stops a fork bomb at the process limit", async () => {
    const r = await run(
      `const { spawn } = require("child_process"); for (let i = 0; i < 1000; i++) { const c = spawn("/usr/bin/sleep", ["60"]); c.on("error", (e) => { console.error(e.code); process.exit(4) }) } setTimeout(() => {}, 60000)`,
      { processes: 32 },
    );
    assert.equal(r.limit, "processes", r.stderr.slice(-300));
    assert.ok(r.durationMs < 15_000);
  });

  /** A node program started ahead of its inputs; `go` settles its start. */
  function startedAhead(code: string, wallSeconds: number) {
    let go!: (start: boolean) => void;
    const pending = runSandboxed({
      mode: "bwrap",
      uid,
      readOnly: [],
      jobDir,
      limits: { ...DEFAULT_LIMITS, wallSeconds },
      startWhen: new Promise<boolean>((resolve) => {
        go = resolve;
      }),
      command: ["/usr/bin/node", "-e", code],
    });
    return { go, pending };
  }

  it("started ahead of its inputs: reads a file written after it started, its wall limit counting from the start", async () => {
    const late = path.join(jobDir, "late-input");
    const { go, pending } = startedAhead(
      `process.stdin.once("data", (d) => process.stdout.write(String(d).trim() + ":" + require("fs").readFileSync("/job/late-input", "utf8")))`,
      1,
    );
    // Longer than its wall limit passes before the start: only the time after it counts.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    writeFileSync(late, "written late", { mode: 0o444 });
    go(true);
    const r = await pending;
    rmSync(late);
    assert.equal(r.limit, null, r.stderr);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout, "start:written late");
  });

  it("started ahead and never given its start: stopped as aborted", async () => {
    // Waiting for its start line, as the scorer does: the end of its input stops it.
    const { go, pending } = startedAhead(`process.stdin.resume(); process.stdin.on("end", () => process.exit(1))`, 20);
    go(false);
    const r = await pending;
    assert.equal(r.limit, "aborted");
    assert.ok(r.durationMs < 3000, `it took ${r.durationMs} ms to stop`);
  });

  it("caps what it may print", async () => {
    const r = await run(`const line = "x".repeat(1 << 20); for (;;) require("fs").writeSync(1, line)`, { outputMB: 2 });
    assert.equal(r.limit, "output");
    assert.ok(r.stdout.length <= 2 * 1024 * 1024);
  });
});

describe("sandbox limits", () => {
  it("take a challenge's overrides over the defaults", () => {
    assert.deepEqual(limitsFor({ wallSeconds: 1800 }), { ...DEFAULT_LIMITS, wallSeconds: 1800 });
    assert.deepEqual(limitsFor(null), DEFAULT_LIMITS);
  });
  it("refuse unknown keys and non-positive values, naming them", () => {
    assert.throws(() => limitsFor({ memoryGB: 4 }), /unknown limit "memoryGB"/);
    assert.throws(() => limitsFor({ cpuSeconds: 0 }), /cpuSeconds must be a positive number/);
  });
});
