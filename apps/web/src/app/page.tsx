import Link from "next/link";
import { listChallenges } from "@unblind/platform/challenges/list-challenges.ts";
import { getCaller } from "~/server/auth.ts";
import { platform } from "~/server/platform.ts";

export default async function Home() {
  const caller = await getCaller();
  const challenges = await listChallenges(platform(), caller);
  return (
    <>
      <h1>Challenges</h1>
      <p className="muted">
        Benchmarks for machine learning in particle physics, scored by their official definitions.
      </p>
      {caller?.siteRole === "ADMIN" && (
        <p>
          <Link href="/admin/challenges/new">New challenge from a package</Link> ·{" "}
          <Link href="/admin/challenges/bundle">New challenge from a bundle</Link> ·{" "}
          <Link href="/admin/audit">Audit log</Link>
        </p>
      )}
      <ul className="cards">
        {challenges.map((c) => (
          <li key={c.id} className="card" data-testid={`challenge-${c.slug}`}>
            <h2>
              <Link href={`/challenges/${c.slug}`}>{c.title}</Link>
            </h2>
            <p>{c.summary}</p>
            <span className={c.status.state === "open" ? "badge open" : "badge"} data-testid="challenge-status">
              {c.status.label}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
