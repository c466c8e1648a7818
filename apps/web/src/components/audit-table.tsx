import { formatTime } from "./format.ts";
import { TableHead } from "./table-head.tsx";

type AuditRow = {
  id: string;
  at: Date;
  actor: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  data: unknown;
};

/** Audit events, newest first, with their data as compact JSON. */
export function AuditTable({ events }: { events: AuditRow[] }) {
  return (
    <table className="compact" data-testid="audit">
      <TableHead columns={["When", "Who", "What", "Subject", "Details"]} />
      <tbody>
        {events.map((e) => (
          <tr key={e.id}>
            <td>{formatTime(e.at)}</td>
            <td>{e.actor ?? "system"}</td>
            <td>{e.action}</td>
            <td>
              {e.subjectType} <code>{e.subjectId.slice(0, 12)}</code>
            </td>
            <td>
              <code>{JSON.stringify(e.data)}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
