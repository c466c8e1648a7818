import type { ChallengeDefinition } from "../shared/definition.ts";

export const lhco2020: ChallengeDefinition = {
  slug: "lhco-2020",
  title: "LHC Olympics 2020",
  summary: "Find a hidden new-physics resonance in black boxes of dijet events.",
  description: `The LHC Olympics 2020 (Kasieczka, Nachman, Shih et al., Rep. Prog. Phys. 84 (2021) 124201) asked
for anomaly-detection methods on "black boxes" of events, each possibly hiding a resonance X → Y Z with
two-prong Y and Z jets. The answer keys stayed sealed until the organizers opened the boxes.

**Phases.** An R&D phase with labelled events (per-event anomaly scores, scored by AUC and signal efficiency
at fixed background efficiency), then black boxes where participants answer with physics: a p-value, the
resonance mass ± σ, daughter masses and the number of signal events.

**Files.** HDF5, 2100 columns: (pT, η, φ) of up to 700 particles, zero-padded; the R&D set has a label column.

This challenge is listed for browsing; black boxes open for answers when sealed answers land.`,
  scorer: "lhco",
  primaryMetric: "auc",
  higherIsBetter: true,
  acceptingSubmissions: false,
  metrics: [{ key: "auc", label: "AUC", format: "fixed4", higherIsBetter: true }],
  submissionFormat: "CSV with header event_index,score (R&D); a structured answer for black boxes",
  phases: [{ name: "R&D", opensInDays: 30, closesInDays: 120, maxPerDay: 5, maxFileBytes: 512 * 1024 * 1024 }],
  datasets: [
    { name: "R&D", description: "Labelled background and signal events (coming with the LHCO generator)." },
    { name: "Black boxes", description: "Unlabelled boxes; their answer keys stay sealed." },
  ],
};
