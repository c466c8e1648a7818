import Link from "next/link";
import { listGroups } from "@unblind/platform/groups/group-directory.ts";
import { formatTime } from "~/components/format.ts";
import { getCaller } from "~/server/auth.ts";
import { platform } from "~/server/platform.ts";
import { TableHead } from "~/components/table-head.tsx";

export const metadata = { title: "Groups · Unblind" };

const POLICY = { CLOSED: "closed", OPEN: "open", OPEN_WITH_ADMIN_APPROVAL: "open with approval" } as const;

export default async function GroupsPage() {
  const caller = await getCaller();
  const groups = await listGroups(platform(), caller);
  return (
    <>
      <h1>Groups</h1>
      <p>
        Groups decide who sees a challenge, who may take part and who organizes it, as CERN e-groups do: members are
        people or other groups, memberships and groups may expire, and SSO roles are mirrored at each sign-in.{" "}
        {caller && <Link href="/groups/requests">Join requests to approve →</Link>}
      </p>
      <table className="compact" data-testid="groups">
        <TableHead columns={["Group", "Description", "Type", "Joining", "Expires", ""]} />
        <tbody>
          {groups.map((g) => (
            <tr key={g.id} data-testid={`group-${g.name}`}>
              <td>
                <Link href={`/groups/${g.name}`}>{g.name}</Link>
              </td>
              <td>{g.description}</td>
              <td>{g.type.toLowerCase()}</td>
              <td>{POLICY[g.joinPolicy]}</td>
              <td>{g.expiresAt ? `${g.expired ? "expired " : ""}${formatTime(g.expiresAt)}` : "never"}</td>
              <td>{g.isMember ? "member" : g.canAdminister ? "administrator" : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {groups.length === 0 && (
        <p className="muted">No groups {caller ? "yet" : "are public; sign in to see the directory"}.</p>
      )}
    </>
  );
}
