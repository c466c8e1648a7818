"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/components/providers.tsx";
import { TableHead } from "~/components/table-head.tsx";

const when = (d: Date | string | null) => (d ? new Date(d).toISOString().slice(0, 16).replace("T", " ") : "—");

export function TokenManager() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.token.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.token.list.queryKey() });
  const create = useMutation(trpc.token.create.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.token.revoke.mutationOptions({ onSuccess: refresh }));
  const [name, setName] = useState("");
  const [submit, setSubmit] = useState(true);
  const [createChallenges, setCreateChallenges] = useState(false);
  const [challenge, setChallenge] = useState("");
  const [days, setDays] = useState("90");

  return (
    <>
      <form
        className="token-form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({
            name,
            scopes: ["read", ...(submit ? ["submit" as const] : []), ...(createChallenges ? ["create" as const] : [])],
            challengeSlug: challenge || undefined,
            expiresInDays: days ? Number(days) : undefined,
          });
        }}
      >
        <label>
          Name{" "}
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={100}
            placeholder="training cluster"
          />
        </label>
        <label>
          <input type="checkbox" checked={submit} onChange={(e) => setSubmit(e.target.checked)} /> may submit (scope{" "}
          <code>submit</code>; <code>read</code> always)
        </label>
        <label>
          <input type="checkbox" checked={createChallenges} onChange={(e) => setCreateChallenges(e.target.checked)} />{" "}
          may create challenges from bundles (scope <code>create</code>; for site admins and challenge creators)
        </label>
        <label>
          Only for challenge{" "}
          <input
            value={challenge}
            onChange={(e) => setChallenge(e.target.value)}
            placeholder="any (e.g. top-tagging)"
          />
        </label>
        <label>
          Expires after{" "}
          <input type="number" min={1} max={3650} value={days} onChange={(e) => setDays(e.target.value)} /> days (empty:
          never)
        </label>
        <button type="submit" disabled={create.isPending}>
          Create token
        </button>
        {create.error && <p className="error">{create.error.message}</p>}
      </form>
      {create.data && (
        <div className="new-token" role="status">
          <p>Copy your new token now: it will not be shown again.</p>
          <code data-testid="new-token">{create.data.token}</code>
        </div>
      )}
      <table className="compact" data-testid="tokens">
        <TableHead columns={["Name", "Token", "Scopes", "Challenge", "Expires", "Last used", ""]} />
        <tbody>
          {tokens.data?.map((t) => (
            <tr key={t.id} data-testid={`token-${t.name}`}>
              <td>{t.name}</td>
              <td>
                <code>{t.prefix}…</code>
              </td>
              <td>{t.scopes.join(", ")}</td>
              <td>{t.challenge?.slug ?? "any"}</td>
              <td>{when(t.expiresAt)}</td>
              <td>{when(t.lastUsedAt)}</td>
              <td>
                {t.revokedAt ? (
                  `revoked ${when(t.revokedAt)}`
                ) : (
                  <button type="button" onClick={() => revoke.mutate({ id: t.id })}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
