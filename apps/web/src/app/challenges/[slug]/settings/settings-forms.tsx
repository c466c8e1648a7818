"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "~/components/providers.tsx";
import { TableHead } from "~/components/table-head.tsx";

type Access = {
  visibility: "PUBLIC" | "RESTRICTED";
  viewGroups: string[];
  organizerGroups: string[];
  eligibleGroup: string | null;
  alsoRequiredGroup: string | null;
};
const list = (s: string) => s.split(/[\s,]+/).filter(Boolean);

export function AccessForm({ slug, initial }: { slug: string; initial: Access }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [visibility, setVisibility] = useState(initial.visibility);
  const [view, setView] = useState(initial.viewGroups.join(", "));
  const [organizers, setOrganizers] = useState(initial.organizerGroups.join(", "));
  const [eligible, setEligible] = useState(initial.eligibleGroup ?? "");
  const [also, setAlso] = useState(initial.alsoRequiredGroup ?? "");
  const save = useMutation(trpc.challenge.setAccess.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <form
      className="token-form"
      data-testid="access-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          slug,
          visibility,
          viewGroups: list(view),
          organizerGroups: list(organizers),
          eligibleGroup: eligible || null,
          alsoRequiredGroup: also || null,
        });
      }}
    >
      <h2>Who sees, takes part and organizes</h2>
      <label>
        Visibility{" "}
        <select value={visibility} onChange={(e) => setVisibility(e.target.value as Access["visibility"])}>
          <option value="PUBLIC">public: everyone</option>
          <option value="RESTRICTED">restricted: the groups below (others get 404)</option>
        </select>
      </label>
      <label>
        Visible to groups{" "}
        <input name="viewGroups" value={view} onChange={(e) => setView(e.target.value)} placeholder="cms-ml-members" />
      </label>
      <label>
        Participants must be in{" "}
        <input
          name="eligibleGroup"
          value={eligible}
          onChange={(e) => setEligible(e.target.value)}
          placeholder="anyone who sees it"
        />
      </label>
      <label>
        …and also in{" "}
        <input
          name="alsoRequiredGroup"
          value={also}
          onChange={(e) => setAlso(e.target.value)}
          placeholder="no second group"
        />
      </label>
      <label>
        Organizer groups{" "}
        <input
          name="organizerGroups"
          value={organizers}
          onChange={(e) => setOrganizers(e.target.value)}
          placeholder="lhco-organizers"
        />
      </label>
      <button type="submit" disabled={save.isPending}>
        Save access
      </button>
      {save.isSuccess && <p role="status">Saved.</p>}
      {save.error && <p className="error">{save.error.message}</p>}
    </form>
  );
}

type File = { id: string; name: string; dataset: string; level: string; size: number; truthOfPhases: string[] };

export function FileLevels({ slug, files }: { slug: string; files: File[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const set = useMutation(trpc.challenge.setFileLevel.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <>
      <table className="compact" data-testid="file-levels">
        <TableHead columns={["Dataset", "File", "Level"]} />
        <tbody>
          {files.map((f) => (
            <tr key={f.id}>
              <td>{f.dataset}</td>
              <td>
                {f.name}
                {f.truthOfPhases.length > 0 && <span className="muted"> (truth of {f.truthOfPhases.join(", ")})</span>}
              </td>
              <td>
                <select
                  aria-label={`level of ${f.name}`}
                  value={f.level}
                  onChange={(e) => set.mutate({ slug, file: f.id, level: e.target.value as "PUBLIC" })}
                >
                  {["PUBLIC", "PARTICIPANTS", "ORGANIZERS", "TRUTH"].map((l) => (
                    <option key={l} value={l}>
                      {l.toLowerCase()}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {set.error && <p className="error">{set.error.message}</p>}
    </>
  );
}
