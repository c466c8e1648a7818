// `npx unblind <command>`: the participant's client of the REST API.
// Exit codes: 0 done; 1 refused or failed (the server's reason is printed);
// 2 usage; 3 the submission ended invalid or failed (with --wait).
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { apiJson } from "./api.ts";
import { download } from "./commands/download.ts";
import { boardCsv } from "./board-csv.ts";
import { packCode } from "./pack-code.ts";
import { submit } from "./commands/submit.ts";
import { CliError, loadConfig, saveConfig } from "./config.ts";

const USAGE = `usage: unblind <command>
  login --url <url> --token <token>     check the token and save it
  challenges                            list the challenges
  download <slug> [--dest <dir>]        download and verify the files (resumes)
  submit <slug> <file> [--description <text>] [--phase <name>] [--wait]
  submit <slug> --code <folder|archive> [--phase <name>] [--wait]
                                        a program for a code phase: a folder is sent as a .tar.gz
  answer <slug> <box> <answer.json> [--scores <file>]
                                        answer a black box (sealed until it is opened); prints the receipt
  submissions <slug>                    your submissions
  leaderboard <slug> [--phase <name>] [--private] [--json | --csv]
                                        the leaderboard (every page; --private once revealed)
  select <submission-id> [--unselect]   choose a final submission for the private leaderboard
  unselect <submission-id>              drop it again
Settings: UNBLIND_URL, UNBLIND_TOKEN, or the file written by login.`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: "string" },
    token: { type: "string" },
    dest: { type: "string" },
    description: { type: "string" },
    wait: { type: "boolean", default: false },
    scores: { type: "string" },
    json: { type: "boolean", default: false },
    csv: { type: "boolean", default: false },
    code: { type: "string" },
    phase: { type: "string" },
    private: { type: "boolean", default: false },
    unselect: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

const out = (text: string) => process.stdout.write(`${text}\n`);
const need = (value: string | undefined, what: string) => {
  if (!value) throw new CliError(`missing ${what}\n${USAGE}`, 2);
  return value;
};

interface Row {
  [key: string]: unknown;
}

function table(rows: Row[], columns: [string, (r: Row) => unknown][]): string {
  const cells = rows.map((r) => columns.map(([, get]) => formatCell(get(r))));
  const widths = columns.map(([h], i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) =>
    c
      .map((v, i) => v.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(columns.map(([h]) => h)), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

function formatCell(v: unknown): string {
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toPrecision(6);
  return v === null || v === undefined ? "-" : String(v);
}

async function main(): Promise<number> {
  const [command, ...args] = positionals;
  if (values.help || !command) {
    out(USAGE);
    return command || values.help ? 0 : 2;
  }
  if (command === "login") {
    const config = { url: need(values.url, "--url").replace(/\/+$/, ""), token: need(values.token, "--token") };
    const challenges = await apiJson<unknown[]>(config, "/challenges");
    const file = saveConfig(config);
    out(`Logged in to ${config.url}: the token works (${challenges.length} challenge(s) visible). Saved to ${file}.`);
    return 0;
  }
  const config = loadConfig();
  switch (command) {
    case "challenges": {
      const rows = await apiJson<Row[]>(config, "/challenges");
      out(
        values.json
          ? JSON.stringify(rows, null, 2)
          : table(rows, [
              ["slug", (r) => r.slug],
              ["open", (r) => (r.acceptingSubmissions ? "yes" : "no")],
              ["title", (r) => r.title],
            ]),
      );
      return 0;
    }
    case "download": {
      const slug = need(args[0], "<slug>");
      const saved = await download(config, slug, path.resolve(values.dest ?? slug));
      out(saved.join("\n"));
      return 0;
    }
    case "submit": {
      const file = values.code ? packCode(values.code) : need(args[1], "<file>");
      const { submission, exitCode } = await submit(config, need(args[0], "<slug>"), file, {
        description: values.description,
        ...(values.phase ? { phase: values.phase } : {}),
        wait: values.wait,
      });
      out(
        values.json || !submission.scores
          ? JSON.stringify(submission, null, 2)
          : table(
              Object.entries(submission.scores).map(([k, v]) => ({ k, v })),
              [
                ["metric", (r) => r.k],
                ["value", (r) => r.v],
              ],
            ),
      );
      return exitCode;
    }
    case "answer": {
      const [slug, box, file] = [need(args[0], "<slug>"), need(args[1], "<box>"), need(args[2], "<answer.json>")];
      let answer: string;
      try {
        answer = readFileSync(file, "utf8");
      } catch (error) {
        throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
      }
      const route = `/challenges/${encodeURIComponent(slug)}/boxes/${encodeURIComponent(box)}/answers`;
      let init: RequestInit = { method: "POST", headers: { "content-type": "application/json" }, body: answer };
      if (values.scores) {
        const form = new FormData();
        form.set("answer", answer);
        form.set("file", new Blob([readFileSync(values.scores)]), path.basename(values.scores));
        init = { method: "POST", body: form };
      }
      const receipt = await apiJson<Row>(config, route, init);
      out(
        values.json
          ? JSON.stringify(receipt, null, 2)
          : `${receipt.postUnblinding ? "post-unblinding answer received" : "sealed"}: receipt SHA-256 ${receipt.sha256} at ${receipt.receivedAt}\n${receipt.canonical}`,
      );
      return 0;
    }
    case "submissions": {
      const rows = await apiJson<Row[]>(
        config,
        `/challenges/${encodeURIComponent(need(args[0], "<slug>"))}/submissions`,
      );
      out(
        values.json
          ? JSON.stringify(rows, null, 2)
          : table(rows, [
              ["id", (r) => r.id],
              ["status", (r) => String(r.status).toLowerCase()],
              ["file", (r) => r.fileName],
              ["submitted", (r) => r.createdAt],
              ["error", (r) => (r.error as { message?: string } | null)?.message],
            ]),
      );
      return 0;
    }
    case "leaderboard": {
      const base = `/challenges/${encodeURIComponent(need(args[0], "<slug>"))}/leaderboard`;
      const query = new URLSearchParams({
        ...(values.phase ? { phase: values.phase } : {}),
        ...(values.private ? { board: "private" } : {}),
        limit: "1000",
      });
      type Board = { primaryMetric: string; total: number; rows: Row[] };
      const board = await apiJson<Board>(config, `${base}?${query}`);
      while (board.rows.length < board.total) {
        const next = await apiJson<Board>(config, `${base}?${query}&offset=${board.rows.length}`);
        if (!next.rows.length) break;
        board.rows.push(...next.rows);
      }
      const metric = board.primaryMetric;
      const interval = (r: Row) => {
        const i = r.interval as { low: number | null; high: number | null } | null;
        return i ? `[${formatCell(i.low)}, ${formatCell(i.high)}]` : null;
      };
      out(
        values.json
          ? JSON.stringify(board, null, 2)
          : values.csv
            ? boardCsv(board)
            : table(board.rows, [
                ["rank", (r) => `${r.rank}${r.tiedWithAbove ? " ≈" : ""}`],
                ["participant", (r) => r.participant],
                [metric, (r) => (r.scores as Row)[metric]],
                ["68% interval", interval],
                ["submitted", (r) => r.submittedAt],
              ]),
      );
      return 0;
    }
    case "select":
    case "unselect": {
      const id = need(args[0], "<submission-id>");
      const selected = !(values.unselect || command === "unselect");
      const result = await apiJson<{ selected: boolean; selectedCount: number; maxSelections: number }>(
        config,
        `/submissions/${encodeURIComponent(id)}/selection`,
        {
          method: "PUT",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ selected }),
        },
      );
      out(
        values.json
          ? JSON.stringify(result, null, 2)
          : `${id} ${result.selected ? "selected" : "unselected"}: ${result.selectedCount} of ${result.maxSelections} final submission(s) chosen`,
      );
      return 0;
    }
    default:
      throw new CliError(`unknown command "${command}"\n${USAGE}`, 2);
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`unblind: ${error instanceof CliError ? error.message : (error as Error).stack}\n`);
    process.exit(error instanceof CliError ? error.exitCode : 1);
  },
);
