/**
 * The participant's file is unusable. Carries where: file name, 1-based line
 * and 1-based column (CSV field number), when they are known. The message
 * never quotes truth values.
 */
export class InputError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(shorten(message));
    this.name = "InputError";
  }

  /** "file:line:column: message", the form shown to people. */
  located(): string {
    const where = [this.file, this.line, this.column].filter((p) => p !== undefined).join(":");
    return `${where}: ${this.message}`;
  }

  /** True when the refusal depends on hidden data (see HiddenDataError). */
  readonly hiddenData: boolean = false;

  toJSON() {
    return {
      message: this.message,
      file: this.file,
      line: this.line ?? null,
      column: this.column ?? null,
      hiddenData: this.hiddenData,
    };
  }
}

/**
 * The submission failed on the hidden test data, e.g. a model whose output on
 * the hidden inputs is not finite. Such an outcome is information about the
 * hidden data, so it is never free: the platform counts it against the daily
 * limit, and its message names no test row or value (one threshold test per
 * submission could otherwise read the hidden inputs out). Refusals that depend
 * only on the submitted file stay plain InputErrors: free and located.
 */
export class HiddenDataError extends InputError {
  override readonly hiddenData = true;

  constructor(message: string, file: string) {
    super(message, file);
    this.name = "HiddenDataError";
  }
}

/** Longest message kept: a quoted field of a hostile file must not be echoed whole. */
export const MAX_MESSAGE_CHARS = 400;

/** The message, its middle cut when it is longer than MAX_MESSAGE_CHARS. */
export function shorten(message: string): string {
  if (message.length <= MAX_MESSAGE_CHARS) return message;
  const keep = MAX_MESSAGE_CHARS / 2 - 20;
  return `${message.slice(0, keep)} … (${message.length - 2 * keep} characters cut) … ${message.slice(-keep)}`;
}

/**
 * An error in the organizer's file (the truth) as an internal error: it must
 * never reach the participant as if their submission were invalid.
 */
export function organizerFault(error: unknown): Error {
  return new Error(`truth file: ${error instanceof InputError ? error.located() : (error as Error).message}`);
}
