import Link from "next/link";
import { getLeaderboard, type Leaderboard } from "@unblind/platform/leaderboard/get-leaderboard.ts";
import { getCaller } from "~/server/auth.ts";
import { isRefusal, orRefusal } from "~/server/or-not-found.ts";
import { platform } from "~/server/platform.ts";
import { leaderboardQuery } from "~/server/leaderboard-query.ts";
import { LeaderboardPlots } from "./leaderboard-plots.tsx";
import { LeaderboardTable } from "./leaderboard-table.tsx";
import { RevealForm } from "./reveal-form.tsx";

type Search = Record<string, string | string[] | undefined>;

/** Rows per page of the web page (the API's default is 100). */
const PAGE_ROWS = 50;

export default async function LeaderboardPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Search>;
}) {
  const { slug } = await params;
  const search = new URLSearchParams(
    Object.entries(await searchParams).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])),
  );
  const page = Math.max(1, Math.floor(Number(search.get("page")) || 1));
  const query = { ...leaderboardQuery(search), offset: (page - 1) * PAGE_ROWS, limit: PAGE_ROWS };
  const caller = await getCaller();
  const board = await orRefusal(getLeaderboard(platform(), caller, slug, query));
  if (isRefusal(board)) {
    return (
      <>
        <h1>Leaderboard</h1>
        <p className="warning" role="alert">
          {board.refused}
        </p>
        <Link
          href={`/challenges/${slug}/leaderboard?${new URLSearchParams({ ...(query.phase ? { phase: query.phase } : {}), board: "public" })}`}
        >
          The public leaderboard →
        </Link>
      </>
    );
  }
  const columns = board.metrics;
  const primary = columns.find((c) => c.key === board.primaryMetric);
  const secondary = columns.find((c) => c.key === board.secondaryMetric);
  // This page's address with some parameters changed; an undefined one is left out (URLSearchParams would write "undefined").
  const here = (change: Record<string, string | undefined>) => {
    const values = { ...(board.phase ? { phase: board.phase.name } : {}), board: board.board, ...change };
    const next = new URLSearchParams(Object.entries(values).filter((e): e is [string, string] => Boolean(e[1])));
    return `/challenges/${slug}/leaderboard?${next}`;
  };
  const pages = Math.max(1, Math.ceil(board.total / PAGE_ROWS));
  return (
    <>
      <h1>
        <Link href={`/challenges/${slug}`}>{board.title}</Link>: leaderboard
      </h1>
      {board.phases.length > 1 && (
        <nav className="tabs" aria-label="Phases">
          {board.phases.map((p) => (
            <Link
              key={p.name}
              href={here({ phase: p.name, board: undefined, page: undefined })}
              aria-current={p.name === board.phase?.name ? "page" : undefined}
            >
              {p.name}
            </Link>
          ))}
        </nav>
      )}
      {board.phase?.publicFraction != null && (
        <nav className="tabs" aria-label="Boards">
          <Link
            href={here({ board: "public", page: undefined })}
            aria-current={board.board === "public" ? "page" : undefined}
          >
            Public
          </Link>
          <Link
            href={here({ board: "private", page: undefined })}
            aria-current={board.board === "private" ? "page" : undefined}
          >
            Private {board.revealed ? "" : "(sealed)"}
          </Link>
        </nav>
      )}
      <p className="muted">
        One row per participant:{" "}
        {board.board === "private"
          ? "the best private score among their final selections (or their best public ones)"
          : "their best scored submission"}
        , ranked by {primary?.label ?? board.primaryMetric} (
        {board.higherIsBetter ? "higher is better" : "lower is better"}){secondary ? `, then ${secondary.label}` : ""},
        then the earlier submission. Failed and invalid submissions are never ranked.
      </p>
      {board.phase && <SplitNotice board={board} />}
      {board.averageRank && (
        <p className="muted" data-testid="method">
          The average rank: in each of {board.averageRank.keys.join(", ")}, every ranked submission of the phase is
          ranked by its value ({board.averageRank.higherIsBetter ? "highest" : "lowest"} first, 1 the best; tied values
          share the mean of their ranks), and a submission&apos;s average rank is the mean over them. It moves as
          submissions arrive.
        </p>
      )}
      {board.phase && board.phase.resamples > 0 && !board.averageRank && (
        <p className="muted" data-testid="method">
          The interval is the central 68 % of the {primary?.label ?? board.primaryMetric} over {board.phase.resamples}{" "}
          bootstrap resamples of the {board.phase.publicFraction != null ? `${board.board} ` : ""}test set, drawn once
          for the phase and shared by every submission. An entry marked ≈ cannot be told apart from the one above it:
          the {Math.round(board.phase.tieConfidence * 100)} % interval of their paired difference on those same
          resamples contains zero.
        </p>
      )}
      {board.phase?.publicFraction != null && !board.revealed && (
        <RevealForm
          slug={slug}
          phase={board.phase.name}
          closesAt={board.phase.closesAt?.toISOString() ?? null}
          signedIn={caller !== null}
        />
      )}
      {board.gates.length > 0 && (
        <p className="muted" data-testid="gates">
          Ranked only when passing {board.gates.length === 1 ? "the test" : "every test"}:{" "}
          {board.gates.map((g) => `${g.label} (${g.metric} ${g.op} ${g.value})`).join("; ")}.
        </p>
      )}
      {unrankedCount(board.unranked) > 0 && (
        <p className="muted" data-testid="unranked">
          {unrankedText(board.unranked)}
        </p>
      )}
      {board.rows.length === 0 ? (
        <p className="muted">
          {unrankedCount(board.unranked) > 0 ? "No ranked submissions yet." : "No scored submissions yet."}
        </p>
      ) : (
        <>
          <LeaderboardTable board={board} columns={columns} />
          <p className="pager">
            {page > 1 && <Link href={here({ page: String(page - 1) })}>← previous</Link>} Page {page} of {pages} (
            {board.total} participants) {page < pages && <Link href={here({ page: String(page + 1) })}>next →</Link>} ·
            Export{" "}
            <a
              href={`/challenges/${slug}/leaderboard/export?${new URLSearchParams({ phase: board.phase!.name, board: board.board, format: "csv" })}`}
              download
            >
              CSV
            </a>{" "}
            <a
              href={`/challenges/${slug}/leaderboard/export?${new URLSearchParams({ phase: board.phase!.name, board: board.board, format: "json" })}`}
              download
            >
              JSON
            </a>
          </p>
        </>
      )}
      {board.phase && (
        <LeaderboardPlots
          slug={slug}
          phase={board.phase.name}
          board={board.board}
          signedIn={caller !== null}
          metricLabel={primary?.label ?? board.primaryMetric}
          historyLabel={
            board.averageRank
              ? (board.metrics.find((m) => m.key === board.averageRank?.mean)?.label ?? board.averageRank.mean)
              : (primary?.label ?? board.primaryMetric)
          }
        />
      )}
    </>
  );
}

function SplitNotice({ board }: { board: Leaderboard }) {
  const phase = board.phase!;
  if (phase.publicFraction == null) return null;
  const share = Math.round(phase.publicFraction * 100);
  if (board.board === "private") {
    return (
      <p className="receipt" data-testid="split-notice">
        The private leaderboard of {phase.name}, revealed{" "}
        {phase.revealedAt ? `on ${phase.revealedAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : ""}: scores on
        the {100 - share} % of the test set that were hidden during the phase. &quot;Public rank&quot; is where the same
        participant stood on the public board.
      </p>
    );
  }
  return (
    <p className="warning" data-testid="split-notice">
      This is the <strong>public</strong> leaderboard: scores on a hidden {share} % of the test set
      {phase.scoreDigits != null ? `, rounded to ${phase.scoreDigits} decimal places` : ""}. The final ranking uses the
      other {100 - share} % and each participant&apos;s final selections (up to {phase.finalSelections}; with none,
      their {phase.finalSelections} best public ones).{" "}
      {board.revealed
        ? "It has been revealed."
        : phase.revealAtClose
          ? "It is revealed automatically when the phase closes."
          : "It stays sealed until the organizers reveal it after the phase closes."}
    </p>
  );
}

type Unranked = { overBudget: number; failedGate: number; undefinedPrimary: number };
const unrankedCount = (u: Unranked) => u.overBudget + u.failedGate + u.undefinedPrimary;

/** Why scored submissions are missing from the board, in words. */
function unrankedText({ overBudget, failedGate, undefinedPrimary }: Unranked) {
  const parts = [
    overBudget > 0 &&
      `${overBudget} over the phase's FPGA budget (a latency or resource constraint broken: shown on their pages and in the plots, never ranked)`,
    failedGate > 0 && `${failedGate} failing a test above (the reason is on their pages)`,
    undefinedPrimary > 0 &&
      `${undefinedPrimary} without a value of the ranking metric (not measurable on this test set; the reason is on their pages)`,
  ].filter(Boolean);
  const n = overBudget + failedGate + undefinedPrimary;
  return `${n} scored submission${n === 1 ? " is" : "s are"} not ranked: ${parts.join("; ")}.`;
}
