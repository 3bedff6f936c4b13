/** A CI plan could not be made or a workflow check could not run; the message says the fix. */
export class CiError extends Error {
  constructor(
    message: string,
    /** Exit code of a command failing with it. Default: 1. */
    readonly exitCode = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = this.constructor.name;
  }
}
