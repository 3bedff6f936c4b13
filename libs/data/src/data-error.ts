/** Bad input data: a missing, empty or malformed file. Names the source and, when known, the line. */
export class DataError extends Error {
  constructor(
    message: string,
    readonly uri: string,
    readonly line?: number,
    options?: { cause?: unknown },
  ) {
    super(line === undefined ? `${uri}: ${message}` : `${uri}:${line}: ${message}`, options);
    this.name = this.constructor.name;
  }
}
