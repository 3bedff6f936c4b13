/** A failure the user can act on: its message says what went wrong and how to fix it. */
export class MeshError extends Error {
  constructor(
    message: string,
    /** Exit code of the command. Default: 1. */
    readonly exitCode = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = this.constructor.name;
  }
}

/** The command was called wrongly: an unknown project, component, suite or option (exit 2). */
export class UsageError extends MeshError {
  constructor(message: string) {
    super(message, 2);
  }
}
