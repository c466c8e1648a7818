"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { formatScore, formatTime } from "~/components/format.ts";
import { useTRPC } from "~/components/providers.tsx";

export function MySubmissions({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const { data } = useQuery(
    trpc.submission.mine.queryOptions(
      { slug },
      {
        refetchInterval: (q) =>
          q.state.data?.some((s) => s.status === "QUEUED" || s.status === "SCORING") ? 2000 : false,
      },
    ),
  );
  const queryClient = useQueryClient();
  const select = useMutation(
    trpc.leaderboard.select.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(trpc.submission.mine.queryFilter({ slug })),
    }),
  );
  if (!data?.length) return null;
  const split = data.find((s) => s.phase.publicFraction !== null)?.phase;
  return (
    <>
      <h2>My submissions</h2>
      {split && (
        <p className="muted">
          Tick up to {split.finalSelections} scored submission(s) for the final (private) ranking; with none ticked,
          your {split.finalSelections} best public ones count.
        </p>
      )}
      {select.error && (
        <p className="error" role="alert">
          {select.error.message}
        </p>
      )}
      <table className="compact">
        <tbody>
          {data.map((s) => (
            <tr key={s.id}>
              <td>
                <Link href={`/submissions/${s.id}`}>{formatTime(s.createdAt)}</Link>
              </td>
              <td>
                <span className={`status ${s.status.toLowerCase()}`}>{s.status.toLowerCase()}</span>
              </td>
              <td>{s.status === "SCORED" ? formatScore(s.scores, s.challenge.primaryMetric) : ""}</td>
              {s.phase.publicFraction !== null && (
                <td>
                  {s.status === "SCORED" && (
                    <label title="Use this submission for the private leaderboard">
                      <input
                        type="checkbox"
                        checked={s.selectedAt !== null}
                        disabled={
                          select.isPending || (s.phase.closesAt !== null && new Date(s.phase.closesAt) <= new Date())
                        }
                        onChange={(e) => select.mutate({ submissionId: s.id, selected: e.target.checked })}
                        aria-label={`final: ${formatTime(s.createdAt)}`}
                      />{" "}
                      final
                    </label>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
