import assert from "node:assert/strict";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { CodePhaseSettings } from "@unblind/scoring/ingestion/code-phase-config.ts";
import { runIngestion } from "../src/code/run-ingestion.ts";
import { loadScorerConfig } from "../src/config.ts";
import type { ScorerRuntime } from "../src/run-scorer-cli.ts";
import { sandboxUid } from "../src/runtime.ts";
import { DEFAULT_LIMITS, type SandboxLimits } from "../src/sandbox/limits.ts";
import { writeZip } from "@unblind/challenges/shared/zip-archive.ts";

// Real bubblewrap and Debian's Python: each hostile program runs exactly as a
// participant's would on hidden inputs, and must end in a plain outcome.
let root: string;
let runtime: ScorerRuntime;
let inputs: string;
let secret: string;
let server: Server;
let port: number;
const settings: CodePhaseSettings = { interface: "trackml-events", inputs: "inputs.zip", idColumn: "id", onnx: false };
const HITS = 50;

before(async () => {
  root = mkdtempSync(path.join(tmpdir(), "unblind-ingestion-test-"));
  chmodSync(root, 0o755);
  const bundle = path.join(root, "bundle");
  mkdirSync(path.join(bundle, "ingestion"), { recursive: true, mode: 0o755 });
  for (const f of ["unblind_ingest.py", "measure.py"]) {
    copyFileSync(path.resolve("scoring/ingestion", f), path.join(bundle, "ingestion", f));
    chmodSync(path.join(bundle, "ingestion", f), 0o644);
  }
  runtime = {
    bundle: { dir: bundle, cli: "", derive: "", version: "test", nativeDirs: [] },
    mode: "bwrap",
    uid: sandboxUid(loadScorerConfig({}), 11),
  };
  const event = (id: number) => {
    const name = `event${String(id).padStart(9, "0")}-hits.csv`;
    const rows = Array.from({ length: HITS }, (_, i) => `${i + 1},${(i * 1.5).toFixed(4)},-2.5000,${i}.0000,8,2,${i}`);
    writeFileSync(path.join(root, name), `hit_id,x,y,z,volume_id,layer_id,module_id\n${rows.join("\n")}\n`);
    return { name: `test/${name}`, path: path.join(root, name) };
  };
  inputs = path.join(root, "inputs.zip");
  await writeZip(inputs, [event(0), event(1)]);
  // A truth file on the host, world-readable: the sandbox must not see it.
  secret = path.join(root, "truth-secret.csv");
  writeFileSync(secret, "hit_id,particle_id\nSECRET-TRUTH-MARKER\n", { mode: 0o644 });
  server = createServer((socket) => socket.end("hello from the host\n"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});

after(() => {
  server.close();
  rmSync(root, { recursive: true, force: true });
});

async function ingest(model: string, limits: Partial<SandboxLimits> = {}, training?: string) {
  const file = path.join(root, `model-${Math.random().toString(36).slice(2)}.py`);
  writeFileSync(file, model, { mode: 0o644 });
  const run = await runIngestion(runtime, { submission: file, inputs, training }, settings, {
    ...DEFAULT_LIMITS,
    wallSeconds: 20,
    cpuSeconds: 20,
    memoryMB: 2048,
    outputMB: 64,
    ...limits,
  });
  const predictions = readFileSync(run.predictions, "utf8");
  run.remove();
  return { ...run, predictions };
}

const header = "import numpy as np\nclass Model:\n    def predict(self, hits):\n";

describe("the ingestion sandbox", () => {
  it("runs a model on every event and measures the run from outside the program", async () => {
    const r = await ingest(
      `${header}        print("event with", len(hits), "hits")\n        return np.arange(len(hits)) // 5\n`,
    );
    assert.equal(r.outcome, "ok");
    const lines = r.predictions.trim().split("\n");
    assert.equal(lines[0], "event_id,hit_id,track_id");
    assert.equal(lines.length, 1 + 2 * HITS);
    assert.equal(lines[1 + HITS], "1,1,0");
    assert.match(r.log, /event with 50 hits/); // prints go to the log, not into the predictions
    assert.ok(r.usage && r.usage.wallSeconds > 0 && r.usage.cpuSeconds > 0 && r.usage.peakMemoryMB > 10);
  });

  it("calls fit with the phase's training file before predicting", async () => {
    const training = path.join(root, "train.csv");
    writeFileSync(training, "offset\n7\n");
    const r = await ingest(
      `import numpy as np\nclass Model:\n    def fit(self, path):\n        self.offset = int(open(path).read().split()[1])\n    def predict(self, hits):\n        return np.full(len(hits), self.offset)\n`,
      {},
      training,
    );
    assert.equal(r.outcome, "ok");
    assert.equal(r.predictions.split("\n")[1], "0,1,7");
  });

  it("cannot fake its measured time: the launcher's report is out of its reach", async () => {
    const r = await ingest(
      `import os\n${header}        for fd in range(3, 64):\n            try: os.write(fd, b'{"wallSeconds": 0.000001}')\n            except OSError: pass\n        try: open(f"/proc/{os.getppid()}/fd/3", "w").write('{"wallSeconds": 0.000001}')\n        except OSError as e: print("proc:", e)\n        return np.zeros(len(hits), dtype=int)\n`,
    );
    assert.equal(r.outcome, "ok");
    assert.ok(r.usage!.wallSeconds > 0.01, `measured ${r.usage!.wallSeconds} s`);
    assert.match(r.log, /proc: \[Errno 13\] Permission denied/);
  });

  it("sees no truth: not the host's files, not the worker's, only its program and inputs", async () => {
    const r = await ingest(
      `import os\nfound = []\nread = 0\nfor top in ["/"]:\n    for d, dirs, files in os.walk(top):\n        dirs[:] = [x for x in dirs if not (d == "/" and x in ("proc", "sys", "dev"))]\n        for f in files:\n            p = os.path.join(d, f)\n            try:\n                with open(p, "rb") as fh:\n                    read += 1\n                    if ("SECRET-" + chr(84) + "RUTH-MARKER").encode() in fh.read(1 << 16): found.append(p)\n            except OSError: pass\nprint("FOUND", found)\nprint("READ", read)\nprint("JOB", sorted(os.listdir("/job")))\n${header}        return np.zeros(len(hits), dtype=int)\n`,
      // Every file of the sandbox is read (its head: the truth's marker is on its second line), which on a
      // fresh machine's cold page cache takes a while.
      { wallSeconds: 180, cpuSeconds: 120 },
    );
    assert.equal(r.outcome, "ok");
    assert.match(r.log, /FOUND \[\]/);
    assert.ok(Number(/READ (\d+)/.exec(r.log)?.[1]) > 1000, "the search read the sandbox's files"); // it did look
    assert.match(r.log, /JOB \['inputs', 'submission'\]/);
  });

  it("has no network: the host's server cannot be reached", async () => {
    const r = await ingest(
      `import socket\ntry:\n    socket.create_connection(("127.0.0.1", ${port}), timeout=2); print("CONNECTED")\nexcept OSError as e: print("NO NETWORK", e)\n${header}        return np.zeros(len(hits), dtype=int)\n`,
    );
    assert.equal(r.outcome, "ok");
    assert.match(r.log, /NO NETWORK/);
    assert.doesNotMatch(r.log, /CONNECTED/);
  });

  it("stops a program that runs forever at the time limit", async () => {
    const r = await ingest(`${header}        while True: pass\n`, { wallSeconds: 3, cpuSeconds: 30 });
    assert.equal(r.outcome, "time-limit");
  });

  it("stops a program that allocates beyond its memory", async () => {
    const r = await ingest(`${header}        b = bytearray(6 * 1024**3)\n        return b\n`, { memoryMB: 1024 });
    assert.equal(r.outcome, "memory-limit");
  });

  it("stops a fork bomb at the process limit", async () => {
    // The bomb's children churn through the 32 slots until the program's own fork fails: slow on a busy machine.
    const r = await ingest(`import os\n${header}        while True: os.fork()\n`, {
      processes: 32,
      wallSeconds: 90,
      cpuSeconds: 90,
    });
    assert.equal(r.outcome, "process-limit");
  });

  it("cannot fill the disk: the job is read-only and the scratch space is bounded", async () => {
    const r = await ingest(
      `${header}        try: open("/job/x", "w").write("x")\n        except OSError as e: print("JOB:", e)\n        with open("/tmp/fill", "wb") as f:\n            while True: f.write(b"x" * (1 << 20))\n`,
      { outputMB: 4096 },
    );
    assert.equal(r.outcome, "exception");
    assert.match(r.log, /JOB: \[Errno 30\] Read-only file system/);
    assert.match(r.log, /No space left on device|File too large/);
  });

  it("stops a program printing gigabytes", async () => {
    const r = await ingest(`import sys\n${header}        while True: sys.stderr.write("x" * 65536)\n`);
    assert.equal(r.outcome, "output-limit");
  });

  it("names malformed predictions, a missing program and a missing output in plain classes", async () => {
    const wrong = await ingest(`${header}        return np.zeros(3)\n`);
    assert.equal(wrong.outcome, "invalid-output");
    assert.match(wrong.reason, /returned shape \(3,\), not \(50,\)/);
    const raised = await ingest(`${header}        raise ValueError("no tracks")\n`);
    assert.equal(raised.outcome, "exception");
    assert.match(raised.log, /ValueError: no tracks/);
    const none = await ingest("print('no class here')\n");
    assert.equal(none.outcome, "no-program");
    assert.match(none.reason, /defines no class Model/);
    const gone = await ingest(`import os\n${header}        os._exit(0)\n`);
    assert.equal(gone.outcome, "missing-output");
  });
});
