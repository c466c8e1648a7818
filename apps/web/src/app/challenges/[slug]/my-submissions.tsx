"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatMetric, formatTime } from "~/components/format.ts";
import { useTRPC } from "~/components/providers.tsx";

export function MySubmissions({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const { data } = useQuery(
    trpc.submission.mine.queryOptions(
      { slug },
      { refetchInterval: (q) => (q.state.data?.some((s) => s.status === "QUEUED" || s.status === "SCORING") ? 2000 : false) },
    ),
  );
  if (!data?.length) return null;
  return (
    <>
      <h2>My submissions</h2>
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
              <td>{s.status === "SCORED" ? formatMetric((s.scores as Record<string, unknown>)?.[s.challenge.primaryMetric]) : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
