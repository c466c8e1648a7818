import Link from "next/link";
import { getGroup } from "@unblind/platform/groups/group-directory.ts";
import { formatTime } from "~/components/format.ts";
import { getCaller } from "~/server/auth.ts";
import { orNotFound } from "~/server/or-not-found.ts";
import { platform } from "~/server/platform.ts";
import { GroupActions, MemberEditor } from "./group-actions.tsx";
import { TableHead } from "~/components/table-head.tsx";

export default async function GroupPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  const caller = await getCaller();
  const g = await orNotFound(getGroup(platform(), caller, name));
  return (
    <>
      <h1>{g.name}</h1>
      <p className="lead">{g.description}</p>
      <p>
        {g.type.toLowerCase()} group · joining {g.joinPolicy.toLowerCase().replaceAll("_", " ")} · member list visible
        to {g.privacy.toLowerCase()} · owner {g.owner.name ?? g.owner.email}
        {g.adminGroup && (
          <>
            {" "}
            · administered by <Link href={`/groups/${g.adminGroup.name}`}>{g.adminGroup.name}</Link>
          </>
        )}
        {g.expiresAt && ` · ${g.expired ? "expired" : "expires"} ${formatTime(g.expiresAt)}`}
      </p>
      {caller && (
        <GroupActions
          name={g.name}
          joinPolicy={g.joinPolicy}
          type={g.type}
          isMember={g.isMember}
          directMembership={g.directMembership}
          requestPending={g.requestPending}
        />
      )}
      <h2>Members</h2>
      {g.members === null ? (
        <p className="muted" data-testid="members-hidden">
          The member list of {g.name} is visible to its {g.privacy.toLowerCase()} only.
        </p>
      ) : (
        <table className="compact" data-testid="members">
          <TableHead columns={["Member", "Source", "Until"]} />
          <tbody>
            {g.members.map((m) => (
              <tr key={m.id}>
                <td>
                  {m.group ? <Link href={`/groups/${m.group}`}>group {m.group}</Link> : (m.user?.email ?? m.user?.name)}
                </td>
                <td>{m.source.toLowerCase()}</td>
                <td>{m.validUntil ? formatTime(m.validUntil) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {g.canAdminister && <MemberEditor name={g.name} />}
    </>
  );
}
