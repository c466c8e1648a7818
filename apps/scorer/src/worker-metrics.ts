// Counters of one worker, served as JSON (/healthz) and in the Prometheus
// text format (/metrics).
import type { ScoreOutcome } from "./score-submission.ts";

export class WorkerMetrics {
  readonly outcomes: Partial<Record<ScoreOutcome, number>> = {};
  inFlight = 0;
  /** Durations of the last jobs that ran the scorer, in ms. */
  private readonly durations: number[] = [];

  record(outcome: ScoreOutcome, ms: number): void {
    this.outcomes[outcome] = (this.outcomes[outcome] ?? 0) + 1;
    if (outcome !== "SKIPPED" && outcome !== "BUSY") {
      this.durations.push(ms);
      if (this.durations.length > 1000) this.durations.shift();
    }
  }

  durationQuantile(q: number): number | null {
    if (this.durations.length === 0) return null;
    const sorted = [...this.durations].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  }

  snapshot(queueDepth: number | null) {
    return {
      queueDepth,
      inFlight: this.inFlight,
      outcomes: this.outcomes,
      failures: (this.outcomes.FAILED ?? 0) + (this.outcomes.RETRY ?? 0),
      jobDurationMs: {
        p50: this.durationQuantile(0.5),
        p95: this.durationQuantile(0.95),
        count: this.durations.length,
      },
    };
  }

  prometheus(queueDepth: number | null): string {
    const lines = [
      "# TYPE unblind_scorer_queue_depth gauge",
      `unblind_scorer_queue_depth ${queueDepth ?? "NaN"}`,
      "# TYPE unblind_scorer_jobs_in_flight gauge",
      `unblind_scorer_jobs_in_flight ${this.inFlight}`,
      "# TYPE unblind_scorer_jobs_total counter",
      ...Object.entries(this.outcomes).map(
        ([outcome, n]) => `unblind_scorer_jobs_total{outcome="${outcome.toLowerCase()}"} ${n}`,
      ),
      "# TYPE unblind_scorer_job_duration_ms summary",
      `unblind_scorer_job_duration_ms{quantile="0.5"} ${this.durationQuantile(0.5) ?? "NaN"}`,
      `unblind_scorer_job_duration_ms{quantile="0.95"} ${this.durationQuantile(0.95) ?? "NaN"}`,
    ];
    return `${lines.join("\n")}\n`;
  }
}
