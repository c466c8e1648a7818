"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "~/components/providers.tsx";

/** Join, request to join, or leave, by the group's join policy. */
export function GroupActions(props: {
  name: string;
  joinPolicy: string;
  type: string;
  isMember: boolean;
  directMembership: string | null;
  requestPending: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const join = useMutation(trpc.group.join.mutationOptions({ onSuccess: () => router.refresh() }));
  const leave = useMutation(trpc.group.leave.mutationOptions({ onSuccess: () => router.refresh() }));
  const error = join.error ?? leave.error;
  let action = null;
  if (props.directMembership === "LOCAL")
    action = (
      <button type="button" onClick={() => leave.mutate({ name: props.name })}>
        Leave
      </button>
    );
  else if (props.requestPending || join.data === "requested")
    action = <p role="status">Your request to join is waiting for an administrator.</p>;
  else if (!props.isMember && props.type === "STATIC" && props.joinPolicy !== "CLOSED") {
    action = (
      <button type="button" onClick={() => join.mutate({ name: props.name })}>
        {props.joinPolicy === "OPEN" ? "Join" : "Request to join"}
      </button>
    );
  } else if (!props.isMember)
    action = (
      <p className="muted">
        Membership is managed by the group&apos;s administrators{props.type === "SSO" ? " through SSO roles" : ""}.
      </p>
    );
  else
    action = (
      <p>
        You are a member
        {props.directMembership === "SSO" ? " through your SSO roles" : " through a nested group or a rule"}.
      </p>
    );
  return (
    <div data-testid="group-actions">
      {action}
      {error && <p className="error">{error.message}</p>}
    </div>
  );
}

/** For administrators: add or remove a person (by email) or a nested group. */
export function MemberEditor({ name }: { name: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [who, setWho] = useState("");
  const [until, setUntil] = useState("");
  const add = useMutation(trpc.group.addMember.mutationOptions({ onSuccess: () => router.refresh() }));
  const remove = useMutation(trpc.group.removeMember.mutationOptions({ onSuccess: () => router.refresh() }));
  const member = () => (who.includes("@") ? { email: who } : { group: who });
  const error = add.error ?? remove.error;
  return (
    <form className="token-form" onSubmit={(e) => e.preventDefault()}>
      <h2>Administer</h2>
      <label>
        Email or group name{" "}
        <input
          value={who}
          onChange={(e) => setWho(e.target.value)}
          required
          placeholder="alice@cern.ch or cms-ml-students"
        />
      </label>
      <label>
        Valid until <input type="date" value={until} onChange={(e) => setUntil(e.target.value)} /> (empty: no end)
      </label>
      <button
        type="button"
        onClick={() => add.mutate({ name, member: member(), validUntil: until ? new Date(until) : undefined })}
      >
        Add
      </button>{" "}
      <button type="button" onClick={() => remove.mutate({ name, member: member() })}>
        Remove
      </button>
      {error && <p className="error">{error.message}</p>}
    </form>
  );
}
