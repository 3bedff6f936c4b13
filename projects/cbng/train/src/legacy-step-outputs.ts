import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { StepOutputMissingError } from '@mesh/pipeline';

/** Where runs kept their step outputs before they went to the file store: `<mesh home>/steps/cbng/<target>/<instance>`. */
export function legacyStepFolder(home: string, target: string, instance: string): string {
  return join(home, 'steps', 'cbng', target, instance);
}

/**
 * A run stored its step outputs in the layout before the file store kept them (a folder under
 * `<mesh home>/steps/cbng/`), so it cannot be resumed from where it is.
 */
export class LegacyStepLayoutError extends Error {
  constructor(
    readonly legacyFolder: string,
    readonly location: string,
    options: { cause: StepOutputMissingError },
  ) {
    super(
      `cannot resume from ${options.cause.resumeFrom}: this run's step outputs are in ${legacyFolder}, the layout before step outputs were kept in the file store (${options.cause.output} of step ${options.cause.step} is not in ${location}). Copy that folder's files to ${location} (same relative paths) and resume again, or start a new run without --from-step.`,
      options,
    );
    this.name = this.constructor.name;
  }
}

/**
 * `error` explained for a run of the older layout: a {@link LegacyStepLayoutError} when an
 * output is missing from the store and the run's old step folder exists, else `error` itself.
 */
export function explainMissingOutputs(
  error: unknown,
  home: string,
  target: string,
  instance: string,
): unknown {
  if (!(error instanceof StepOutputMissingError)) return error;
  const folder = legacyStepFolder(home, target, instance);
  return existsSync(folder)
    ? new LegacyStepLayoutError(folder, error.location ?? 'the file store', { cause: error })
    : error;
}
