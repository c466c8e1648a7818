// Prepares what every job needs: the bundled scorer and the sandbox. Without
// bubblewrap the worker refuses to start, unless SCORER_SANDBOX=none says
// otherwise, and then it warns loudly.
import { spawnSync } from "node:child_process";
import type { ScorerConfig } from "./config.ts";
import type { ScorerRuntime } from "./run-scorer-cli.ts";
import { buildScorerBundle } from "./scorer-bundle.ts";

export class SandboxUnavailableError extends Error {}

export async function prepareRuntime(
  config: ScorerConfig,
  log: (line: string) => void = console.warn,
): Promise<Omit<ScorerRuntime, "uid">> {
  if (config.SCORER_SANDBOX === "none") {
    log(
      [
        "",
        "  ************************************************************************",
        "  *  SCORER_SANDBOX=none: submissions are scored WITHOUT A SANDBOX.       *",
        "  *  The scorer can reach the network and every file this user can read. *",
        "  *  Use this for development only, never with real hidden truth.        *",
        "  ************************************************************************",
        "",
      ].join("\n"),
    );
  } else {
    const probe = spawnSync("bwrap", ["--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "true"], {
      encoding: "utf8",
    });
    if (probe.error || probe.status !== 0) {
      throw new SandboxUnavailableError(
        `The scorer needs bubblewrap to isolate scoring and could not run it (${probe.error?.message ?? probe.stderr.trim()}). ` +
          "Install it (Debian/Ubuntu: apt-get install bubblewrap) and make sure user namespaces are allowed, " +
          "or set SCORER_SANDBOX=none to score without isolation (development only).",
      );
    }
  }
  return { bundle: await buildScorerBundle(), mode: config.SCORER_SANDBOX };
}

/** The sandbox user of a concurrency slot, when the worker is root: distinct per worker process and slot. */
export function sandboxUid(config: ScorerConfig, slot: number): number | undefined {
  if (process.getuid?.() !== 0) return undefined;
  return config.SCORER_SANDBOX_UID_BASE + (process.pid % 65536) * 64 + (slot % 64);
}
