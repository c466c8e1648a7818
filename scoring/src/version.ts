/** Recorded with every score, so re-scoring after a fix is traceable. */
export const SCORER_VERSION = "unblind-scoring/0.1.0";
