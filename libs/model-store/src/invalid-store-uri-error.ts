/** A store setting (`MODEL_STORE_URI`, `S3_ENDPOINT_URL`) has a value that cannot be used. */
export class InvalidStoreUriError extends Error {
  /** Exit code a CLI should use: invalid settings are a usage error. */
  readonly exitCode = 2;

  constructor(
    /** The setting, e.g. `MODEL_STORE_URI`. */
    readonly setting: string,
    /** The value given. */
    readonly value: string,
    /** What is wrong, e.g. `is not supported`. */
    problem: string,
    /** What would be accepted, e.g. `use s3://bucket/prefix or file:///absolute/path`. */
    fix: string,
  ) {
    super(`${setting} "${value}" ${problem}: ${fix}`);
    this.name = this.constructor.name;
  }
}
