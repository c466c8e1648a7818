import { redirect } from "next/navigation";
import { getCaller } from "~/server/auth.ts";
import { ApprovalQueue } from "./approval-queue.tsx";

export const metadata = { title: "Join requests · Unblind" };

export default async function RequestsPage() {
  if (!(await getCaller())) redirect("/signin?callbackUrl=/groups/requests");
  return (
    <>
      <h1>Join requests</h1>
      <p>
        Requests to join the groups you administer. Approving adds the person as a member at once; each decision is
        audited.
      </p>
      <ApprovalQueue />
    </>
  );
}
