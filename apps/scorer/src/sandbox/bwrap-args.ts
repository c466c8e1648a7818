// The bubblewrap command line of a scoring sandbox:
// - every namespace unshared (network: no interfaces but its own loopback, so
//   no route to any host service; PID: it sees only itself), and it dies
//   with its parent; bwrap always sets no_new_privs;
// - the filesystem is the runtime (/usr, and Node's own prefix when it lives
//   elsewhere) and the scorer's code, read-only, plus the job directory at
//   /job: no /etc, no /home, no repository, no other job;
// - an empty environment but PATH, and rlimits set by prlimit inside.
import { existsSync, lstatSync, readlinkSync } from "node:fs";
import path from "node:path";
import type { SandboxLimits } from "./limits.ts";

export const JOB_MOUNT = "/job";

export interface SandboxSpec {
  /** Host paths to expose read-only at the same path (the scorer's code). */
  readOnly: string[];
  /** The job's directory, mounted at /job. */
  jobDir: string;
  /** Whether the job may write into /job (into files it creates; inputs stay read-only by mode). */
  writableJob?: boolean;
  /** Folders of the job directory writable inside a read-only /job (a scoring program's output). */
  writableDirs?: string[];
  /** A private /tmp of at most this many MiB (memory-backed), for code that needs scratch space; none by default. */
  scratchMB?: number;
  limits: SandboxLimits;
  /** RLIMIT_AS when it must exceed limits.memoryMB (WebAssembly's reservation). */
  addressSpaceMB?: number;
  /** The command, with paths as seen inside the sandbox. */
  command: string[];
}

/** Top-level entries that merged-/usr systems make symlinks into /usr. */
const USR_LINKS = ["/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32"];

export function bwrapArgs(spec: SandboxSpec): string[] {
  const { limits } = spec;
  const args = ["--unshare-all", "--die-with-parent", "--new-session", "--ro-bind", "/usr", "/usr"];
  for (const link of USR_LINKS) {
    if (!existsSync(link)) continue;
    if (lstatSync(link).isSymbolicLink()) args.push("--symlink", readlinkSync(link), link);
    else args.push("--ro-bind", link, link);
  }
  // The scratch /tmp first: the read-only code below may live under the host's /tmp and is bound over it.
  if (spec.scratchMB) args.push("--size", String(Math.floor(spec.scratchMB * 1024 * 1024)), "--tmpfs", "/tmp");
  const nodePrefix = path.dirname(path.dirname(process.execPath));
  const readOnly = nodePrefix === "/usr" || nodePrefix === "/" ? spec.readOnly : [nodePrefix, ...spec.readOnly];
  for (const p of readOnly) args.push("--ro-bind", p, p);
  // Debian's numpy finds its BLAS through /etc/alternatives; nothing else of /etc is shown.
  if (existsSync("/etc/alternatives")) args.push("--ro-bind", "/etc/alternatives", "/etc/alternatives");
  args.push(spec.writableJob ? "--bind" : "--ro-bind", spec.jobDir, JOB_MOUNT);
  for (const dir of spec.writableDirs ?? [])
    args.push("--bind", path.join(spec.jobDir, dir), path.join(JOB_MOUNT, dir));
  args.push("--proc", "/proc", "--dev", "/dev", "--chdir", JOB_MOUNT);
  args.push("--clearenv", "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", spec.scratchMB ? "/tmp" : JOB_MOUNT);
  // One thread per library pool: the job's process limit counts threads, and a timed run stays on its one core.
  for (const v of ["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"]) args.push("--setenv", v, "1");
  args.push(
    "--",
    "/usr/bin/prlimit",
    `--cpu=${Math.ceil(limits.cpuSeconds)}`,
    `--as=${Math.floor((spec.addressSpaceMB ?? limits.memoryMB) * 1024 * 1024)}`,
    `--nproc=${Math.floor(limits.processes)}`,
    `--fsize=${Math.floor(limits.outputMB * 1024 * 1024)}`,
    "--nofile=256",
    "--core=0",
    "--",
    ...spec.command,
  );
  return args;
}
