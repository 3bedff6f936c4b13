/** A registered version cannot be used: no predictor, bad input, a difference from its stored predictions. */
export class InferenceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = this.constructor.name;
  }
}

/** `mesh models verify` found a prediction that differs from the stored one. */
export class VerificationError extends InferenceError {}
