import { redirect } from "next/navigation";
import { listChallengePackages } from "@unblind/platform/challenges/create-from-package.ts";
import { getCaller } from "~/server/auth.ts";
import { NewChallengeForm } from "./new-challenge-form.tsx";

export const metadata = { title: "New challenge · Unblind" };

export default async function NewChallengePage() {
  const caller = await getCaller();
  if (!caller) redirect("/signin?callbackUrl=/admin/challenges/new");
  if (caller.siteRole !== "ADMIN") return <p className="error">Only site admins can create challenges.</p>;
  return (
    <>
      <h1>New challenge from a package</h1>
      <p>
        A package in <code>challenges/&lt;name&gt;/</code> holds a challenge&apos;s definition, phases, scorer and a
        generator of synthetic data in the official formats. You become its first organizer; upload the real files
        afterwards on its <em>Dataset files</em> page, as new versions of the synthetic ones.
      </p>
      <NewChallengeForm packages={listChallengePackages()} />
    </>
  );
}
