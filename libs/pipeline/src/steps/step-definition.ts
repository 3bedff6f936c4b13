/** What a step is given when it runs. */
export interface StepContext {
  /** The folder every step reads its inputs from and writes its outputs to. */
  folder: string;
  /** Appends a line to the step's log (secrets masked) and shows it as the step's detail. */
  log(line: string): void;
  /** Reports progress of the step. */
  progress(done: number, total?: number, unit?: string): void;
}

/** A named step of a pipeline with the files it reads and writes (relative to the run folder). */
export interface StepDefinition {
  /** Lower-case name, e.g. `bayes-train`; names the step's log and job. */
  name: string;
  /** Steps whose outputs this one reads; it starts when they have all succeeded. Default: none. */
  needs?: string[];
  /** Files the step must have written when it succeeds; each is stored as soon as it is made. */
  outputs: string[];
  /** Whether the step runs at all (e.g. a trial report only with a trial set). Default: true. */
  enabled?: boolean;
  run(context: StepContext): Promise<void>;
}

/** How a step ended. */
export type StepStatus = 'succeeded' | 'failed' | 'reused' | 'skipped' | 'not-run';

/** One step's record, kept with the run. */
export interface StepRecord {
  name: string;
  status: StepStatus;
  /** ISO time the step started; absent when it did not run. */
  startedAt?: string;
  durationMs: number;
  /** The step's log, relative to the run folder. */
  log: string;
  outputs: string[];
  error?: string;
}

/** A step failed; the run stopped there. `--from-step <step>` resumes it. */
export class StepFailedError extends Error {
  constructor(
    readonly step: string,
    readonly records: StepRecord[],
    options?: { cause?: unknown },
  ) {
    super(
      `step ${step} failed: ${(options?.cause as Error)?.message ?? String(options?.cause)} (log: logs/${step}.log; resume with --from-step ${step})`,
      options,
    );
    this.name = this.constructor.name;
  }
}

/**
 * A resumed run (`--from-step`, or a step job's `--only-step`) needs an output that the steps
 * before it never stored where this run looks for it.
 */
export class StepOutputMissingError extends Error {
  constructor(
    /** The step resumed from (or run alone). */
    readonly resumeFrom: string,
    /** The earlier step whose output is missing. */
    readonly step: string,
    /** The missing output, relative to the run folder. */
    readonly output: string,
    /** Where it was looked for; undefined without a store. */
    readonly location: string | undefined,
    flag: '--from-step' | '--only-step',
  ) {
    super(
      `cannot resume from ${resumeFrom}: output ${output} of step ${step} was not stored${location ? ` in ${location}` : ''} (run without ${flag})`,
    );
    this.name = this.constructor.name;
  }
}
