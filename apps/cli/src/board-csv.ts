// `unblind leaderboard <slug> --csv`: one line per participant, the flat
// columns the Python client's board_rows gives (rank, participant, the scalar
// scores, the interval, the submission), written identically by both CLIs.
type Row = Record<string, unknown>;

/** The board's rows flattened for a table (clients/python/unblind/client.py board_rows). */
export function boardRows(board: { rows: Row[] }): Row[] {
  return board.rows.map((r) => {
    const interval = (r.interval ?? {}) as { low?: unknown; high?: unknown };
    const scores = Object.fromEntries(
      Object.entries(r.scores as Row).filter(([, v]) => typeof v !== "object" || v === null),
    );
    return {
      rank: r.rank,
      participant: r.participant,
      ...scores,
      intervalLow: interval.low ?? null,
      intervalHigh: interval.high ?? null,
      tiedWithAbove: r.tiedWithAbove ?? null,
      submissions: r.submissions ?? null,
      submittedAt: r.submittedAt,
      submissionId: r.submissionId,
    };
  });
}

const field = (v: unknown) => {
  const text = v === null || v === undefined ? "" : String(v);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function boardCsv(board: { rows: Row[] }): string {
  const rows = boardRows(board);
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const header = columns.length ? columns : ["rank", "participant"];
  return [header, ...rows.map((r) => header.map((c) => r[c]))].map((line) => line.map(field).join(",")).join("\n");
}
