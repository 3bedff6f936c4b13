/** A registry operation that cannot be done as asked; the message says why and what to do. */
export class RegistryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = this.constructor.name;
  }
}

/** A version id or alias that does not exist. */
export class UnknownVersionError extends RegistryError {}

/**
 * A command that only reads found no SQLite registry database where the settings point. For
 * the embedded default this just means nothing was registered yet; for a `REGISTRY_URL` it is
 * most likely a typo, so it counts as invalid settings (exit 2).
 */
export class RegistryNotFoundError extends RegistryError {
  readonly exitCode: number;

  constructor(
    readonly path: string,
    /** Whether the path is the embedded default under MESH_HOME. */
    readonly embedded: boolean,
  ) {
    super(
      embedded
        ? `No registry database at ${path} yet: nothing has been registered under this MESH_HOME.`
        : `No registry database at ${path}: REGISTRY_URL names a file that does not exist (read-only commands never create one). Check the path, or register a version there first.`,
    );
    this.exitCode = embedded ? 1 : 2;
  }
}
