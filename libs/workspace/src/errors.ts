/** A problem with the workspace's layout or a component's declaration; the message says the fix. */
export class WorkspaceError extends Error {
  constructor(
    message: string,
    /** Exit code of a command failing with it. Default: 1. */
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = this.constructor.name;
  }
}

/** A project or component that does not exist; the message lists the known ones (exit 2). */
export class UnknownComponentError extends WorkspaceError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** A component's `mesh` section in its package.json is invalid; the message names the field. */
export class ComponentDeclarationError extends WorkspaceError {
  constructor(message: string) {
    super(message, 2);
  }
}
