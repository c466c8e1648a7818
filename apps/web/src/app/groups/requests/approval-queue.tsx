"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "~/components/providers.tsx";
import { TableHead } from "~/components/table-head.tsx";

export function ApprovalQueue() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const requests = useQuery(trpc.group.requests.queryOptions());
  const decide = useMutation(
    trpc.group.decide.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.group.requests.queryKey() }),
    }),
  );
  if (requests.data?.length === 0) return <p className="muted">No requests are waiting.</p>;
  return (
    <>
      <table className="compact" data-testid="requests">
        <TableHead columns={["Group", "Who", "Asked", ""]} />
        <tbody>
          {requests.data?.map((r) => (
            <tr key={r.id} data-testid={`request-${r.user.email}`}>
              <td>{r.group.name}</td>
              <td>
                {r.user.name} &lt;{r.user.email}&gt;
              </td>
              <td>{new Date(r.createdAt).toISOString().slice(0, 16).replace("T", " ")}</td>
              <td>
                <button type="button" onClick={() => decide.mutate({ requestId: r.id, approve: true })}>
                  Approve
                </button>{" "}
                <button type="button" onClick={() => decide.mutate({ requestId: r.id, approve: false })}>
                  Deny
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {decide.error && <p className="error">{decide.error.message}</p>}
    </>
  );
}
