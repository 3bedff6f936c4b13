/** A job failure a user can act on: its message says what went wrong and how to fix it. */
export class JobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = this.constructor.name;
  }
}

/** A job request with a bad field: names the field and, when there are any, the accepted values. */
export class JobRequestError extends JobError {
  constructor(
    readonly field: string,
    message: string,
    readonly accepted?: readonly string[],
  ) {
    super(
      `${field}: ${message}${accepted && accepted.length > 0 ? ` (accepted: ${accepted.join(', ')})` : ''}`,
    );
  }
}

/** No job has this id. */
export class UnknownJobError extends JobError {
  constructor(readonly id: string) {
    super(`No job with id "${id}": \`mesh jobs list\` shows the known ones.`);
  }
}

/** A second job got a name already taken (names are unique in the table). */
export class JobNameTakenError extends Error {
  constructor(readonly jobName: string) {
    super(`The job name ${jobName} is taken.`);
    this.name = this.constructor.name;
  }
}
