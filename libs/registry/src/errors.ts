/** A registry operation that cannot be done as asked; the message says why and what to do. */
export class RegistryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = this.constructor.name;
  }
}

/** A version id or alias that does not exist. */
export class UnknownVersionError extends RegistryError {}
