// How the platform reads back what it stored from a scorer (Submission.scores
// and .curves, PrivateScore, Challenge.metrics): one zod schema each, parsed
// where a use case hands them out, so pages, exports and plots get typed
// values and never cast. The scores were checked against their scorer's
// schema when they entered (registry.ts, classify-run.ts); a stored value
// that no longer parses is shown as absent, never as a wrong number.
import { z } from "zod";

const rocPoint = z.object({ signalEfficiency: z.number(), backgroundEfficiency: z.number().nullable() });
export type StoredRocPoint = z.infer<typeof rocPoint>;

export const storedCurvesSchema = z
  .object({
    /** The full ROC curve, thinned for plotting; only once the results are released. */
    roc: z.array(rocPoint).optional(),
    /** εB at the nominal working points εS = 0.1 … 0.9 (roc-working-points.ts). */
    workingPoints: z.array(rocPoint).optional(),
    /** TrackML: the participant's tracks of one event (no truth). */
    display: z
      .object({ eventId: z.number(), track: z.array(z.number()), hitIds: z.array(z.number()).optional() })
      .optional(),
    /** TrackML: the score of each event; only once the results are released. */
    events: z.array(z.object({ eventId: z.number(), score: z.number().nullable() })).optional(),
  })
  .catchall(z.unknown());
export type StoredCurves = z.infer<typeof storedCurvesSchema>;

/** A submission's scores: metric values (null where undefined), counts, lists and the scorer's details. */
export const storedScoresSchema = z.record(z.string(), z.unknown());
export type StoredScores = z.infer<typeof storedScoresSchema>;

export const metricColumnSchema = z.object({
  key: z.string(),
  label: z.string(),
  format: z.enum(["fixed4", "int", "percent"]),
  higherIsBetter: z.boolean(),
});
export type StoredMetricColumn = z.infer<typeof metricColumnSchema>;

export const readCurves = (json: unknown): StoredCurves | null => storedCurvesSchema.safeParse(json).data ?? null;
export const readScores = (json: unknown): StoredScores | null => storedScoresSchema.safeParse(json).data ?? null;
/** A challenge's metric columns; an entry that does not parse is left out. */
export const readMetricColumns = (json: unknown): StoredMetricColumn[] =>
  (Array.isArray(json) ? json : []).flatMap((m) => metricColumnSchema.safeParse(m).data ?? []);
