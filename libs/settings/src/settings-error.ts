import { describeSource, type SettingSource } from './source';

/** One thing wrong with a component's settings. */
export interface SettingsProblem {
  /** The variable concerned, when the problem is about one variable. */
  name?: string;
  /** Where the offending value came from (absent for a missing value). */
  source?: SettingSource;
  /** What is wrong, e.g. `"abc" is not an integer`. */
  message: string;
  /** What would be accepted, from the setting's description and example. */
  expected?: string;
}

/** Renders one problem on one line, naming the variable, its source and what is expected. */
export function formatProblem(problem: SettingsProblem): string {
  // A problem of the file itself (a malformed line) leads with its place, as compilers do.
  if (!problem.name && problem.source) {
    return `${describeSource(problem.source)}: ${sentence(problem.message)}`;
  }
  const where = problem.source ? ` (from ${describeSource(problem.source)})` : '';
  const subject = problem.name ? `${problem.name}: ` : '';
  const expected = problem.expected ? ` Expected: ${sentence(problem.expected)}` : '';
  return `${subject}${sentence(problem.message + where)}${expected}`;
}

function sentence(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

/** Thrown when settings cannot be resolved; lists every problem found, not only the first. */
export class SettingsError extends Error {
  /** Exit code a CLI should use for invalid settings (a usage error). */
  readonly exitCode = 2;

  constructor(
    readonly problems: SettingsProblem[],
    readonly context: string,
  ) {
    super(
      `Invalid settings for ${context} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((problem) => `  - ${formatProblem(problem)}`).join('\n'),
    );
    this.name = this.constructor.name;
  }
}
