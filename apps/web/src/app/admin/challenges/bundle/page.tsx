import { redirect } from "next/navigation";
import { requireChallengeCreator } from "@unblind/platform/challenges/create-from-bundle.ts";
import { getCaller } from "~/server/auth.ts";
import { platform } from "~/server/platform.ts";
import { BundleForm } from "./bundle-form.tsx";

export const metadata = { title: "New challenge from a bundle · Unblind" };
export const dynamic = "force-dynamic";

export default async function NewBundlePage() {
  const caller = await getCaller();
  if (!caller) redirect("/signin?callbackUrl=/admin/challenges/bundle");
  try {
    await requireChallengeCreator(platform(), caller);
  } catch (error) {
    return <p className="error">{(error as Error).message}</p>;
  }
  return (
    <>
      <h1>New challenge from a bundle</h1>
      <p>
        A bundle is <code>challenge.yaml</code> with its Markdown pages and, optionally, data files, as a{" "}
        <code>.zip</code>, <code>.tar</code> or <code>.tar.gz</code> of at most 256 MB (the format:{" "}
        <code>docs/bundles.md</code> and its JSON Schema). It is checked completely first: every problem is listed with
        its place, and nothing is created until it is valid and you confirm. You become the first organizer; larger data
        files are uploaded afterwards on the challenge&apos;s <em>Dataset files</em> page.
      </p>
      <BundleForm />
    </>
  );
}
