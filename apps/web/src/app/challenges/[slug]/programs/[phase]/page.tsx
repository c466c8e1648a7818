// A code phase's submission page: the program form (its upload names the
// phase), what the runtime is, and how the program is run and measured.
import Link from "next/link";
import { getChallenge } from "@unblind/platform/challenges/get-challenge.ts";
import { getCaller } from "~/server/auth.ts";
import { orNotFound } from "~/server/or-not-found.ts";
import { platform } from "~/server/platform.ts";
import { SubmitForm } from "../../submit-form.tsx";
import { MySubmissions } from "../../my-submissions.tsx";

export default async function ProgramPage({ params }: { params: Promise<{ slug: string; phase: string }> }) {
  const { slug, phase: phaseParam } = await params;
  const caller = await getCaller();
  const challenge = await orNotFound(getChallenge(platform(), caller, slug));
  const name = decodeURIComponent(phaseParam);
  const phase = challenge.openCodePhases.find((p) => p.name === name);
  return (
    <>
      <h1>
        <Link href={`/challenges/${slug}`}>{challenge.title}</Link>: submit a program to {name}
      </h1>
      {!phase ? (
        <p className="muted">No code phase named {name} is open now.</p>
      ) : (
        <>
          <p>
            Your program runs first on the phase&apos;s public sample inputs (you see its log), then on the hidden
            inputs, which nobody downloads (its log goes to the organizers only, since it could print them). Each run is
            sandboxed: no network, no truth anywhere in it, one core, the phase&apos;s time and memory limits. The
            platform measures the time and memory of each run from outside your program; the predictions are then scored
            like any submission. The runtime is Debian&apos;s Python 3.11 with numpy, scipy, pandas, scikit-learn, h5py,
            PyTables and PyTorch (CPU); see the challenge&apos;s pages for the interface.
          </p>
          {!caller ? (
            <p>
              <Link href={`/signin?callbackUrl=/challenges/${slug}/programs/${encodeURIComponent(name)}`}>Sign in</Link>{" "}
              to submit.
            </p>
          ) : challenge.notEligibleBecause ? (
            <p className="muted">{challenge.notEligibleBecause}</p>
          ) : (
            <SubmitForm
              slug={slug}
              phase={name}
              format="A model.py with a class Model (predict, optionally fit), alone or in a .zip/.tar.gz with its weights; a bare .onnx model where the phase takes them."
              leftToday={phase.leftToday ?? 0}
              maxBytes={Number(phase.maxFileBytes)}
              accept=".py,.zip,.tar,.tgz,.gz,.onnx"
            />
          )}
          {caller && <MySubmissions slug={slug} />}
        </>
      )}
    </>
  );
}
