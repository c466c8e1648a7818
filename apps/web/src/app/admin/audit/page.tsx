import { redirect } from "next/navigation";
import { listAuditEvents } from "@unblind/platform/audit/list-audit-events.ts";
import { AuditTable } from "~/components/audit-table.tsx";
import { getCaller } from "~/server/auth.ts";
import { isRefusal, orRefusal } from "~/server/or-not-found.ts";
import { platform } from "~/server/platform.ts";

export const metadata = { title: "Audit log · Unblind" };

export default async function AdminAuditPage() {
  const caller = await getCaller();
  if (!caller) redirect("/signin?callbackUrl=/admin/audit");
  const events = await orRefusal(listAuditEvents(platform(), caller, {}));
  if (isRefusal(events)) return <p className="error">{events.refused}</p>;
  return (
    <>
      <h1>Audit log</h1>
      <p>
        Every event on the site, newest 100 first: groups and memberships, grants, tokens, downloads of organizer files,
        scorings, openings.
      </p>
      <AuditTable events={events} />
    </>
  );
}
