/**
 * A metric cannot be computed from the given data (for example the truth holds
 * a single class). Raised by metric functions; callers decide whether it is
 * the participant's or the organizer's fault.
 */
export class MetricError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MetricError";
  }
}
