/**
 * The TrackML Throughput phase's score, which ranks code by accuracy and
 * speed together:
 *
 *   score = sqrt( ln(1 + 600/t) · (S − 0.5)² )   when S ≥ 0.5, else 0
 *
 * with S the TrackML accuracy score of the predicted tracks (trackml-score.ts)
 * and t the time per event in seconds, measured by the platform on its own
 * machine (not reported by the program). 600 s per event is the time scale:
 * an algorithm at S = 1 scores sqrt(ln 2)/2 ≈ 0.416 at 600 s per event,
 * ≈ 1.01 at 10 s and ≈ 1.29 at 1 s.
 * Source: S. Amrouche et al., "The Tracking Machine Learning challenge:
 * Throughput phase", Comput. Softw. Big Sci. 7 (2023) 1, arXiv:2105.01160,
 * section "Scoring".
 *
 * Null when S is (no tracks to score) or t is not a positive time.
 */
export const THROUGHPUT_TIME_SCALE_SECONDS = 600;

export function trackmlThroughput(accuracy: number | null, secondsPerEvent: number): number | null {
  if (accuracy === null || !Number.isFinite(accuracy) || !(secondsPerEvent > 0)) return null;
  if (accuracy < 0.5) return 0;
  return Math.sqrt(Math.log1p(THROUGHPUT_TIME_SCALE_SECONDS / secondsPerEvent) * (accuracy - 0.5) ** 2);
}
