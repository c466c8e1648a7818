import Link from "next/link";
import { redirect } from "next/navigation";
import { listDatasetFiles } from "@unblind/platform/datasets/manage-files.ts";
import { getCaller } from "~/server/auth.ts";
import { isRefusal, orRefusal } from "~/server/or-not-found.ts";
import { platform } from "~/server/platform.ts";
import { BlindDerivationForm } from "./blind-derivation-form.tsx";
import { FileVersions } from "./file-versions.tsx";
import { UploadForm } from "./upload-form.tsx";

export default async function DatasetsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const caller = await getCaller();
  if (!caller) redirect(`/signin?callbackUrl=/challenges/${slug}/datasets`);
  const datasets = await orRefusal(listDatasetFiles(platform(), caller, slug));
  if (isRefusal(datasets)) return <p className="error">{datasets.refused}</p>;
  return (
    <>
      <h1>
        <Link href={`/challenges/${slug}`}>{slug}</Link>: dataset files
      </h1>
      <p>
        Every version of every file, with the scores computed against it. Levels are set in{" "}
        <Link href={`/challenges/${slug}/settings`}>settings</Link>; uploads, deletions and purges are recorded in the{" "}
        <Link href={`/challenges/${slug}/audit`}>audit trail</Link>.
      </p>
      <UploadForm slug={slug} datasets={datasets.map((d) => d.name)} />
      <BlindDerivationForm slug={slug} datasets={datasets.map((d) => d.name)} />
      {datasets.map((d) => (
        <section key={d.name}>
          <h2>{d.name}</h2>
          {d.description && <p className="muted">{d.description}</p>}
          <FileVersions slug={slug} dataset={d} />
        </section>
      ))}
    </>
  );
}
