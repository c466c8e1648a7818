import Link from "next/link";
import { redirect } from "next/navigation";
import { listAuditEvents } from "@unblind/platform/audit/list-audit-events.ts";
import { AuditTable } from "~/components/audit-table.tsx";
import { getCaller } from "~/server/auth.ts";
import { isRefusal, orRefusal } from "~/server/or-not-found.ts";
import { platform } from "~/server/platform.ts";

export default async function ChallengeAuditPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const caller = await getCaller();
  if (!caller) redirect(`/signin?callbackUrl=/challenges/${slug}/audit`);
  const events = await orRefusal(listAuditEvents(platform(), caller, { challengeSlug: slug }));
  if (isRefusal(events)) return <p className="error">{events.refused}</p>;
  return (
    <>
      <h1>
        <Link href={`/challenges/${slug}`}>{slug}</Link>: audit trail
      </h1>
      <p>
        Append-only: submissions, scorings of hidden data, downloads of organizer files, access changes. The newest 100
        events.
      </p>
      <AuditTable events={events} />
    </>
  );
}
