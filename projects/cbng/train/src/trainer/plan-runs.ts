import type { EditGroup } from './review-api';

/** The group whose trial set targets without their own borrow, as the original trainer. */
export const FALLBACK_TRIAL_GROUP = 'Original Testing Training Set - Random Edits 50/50';

/** One `run-edit-set`: a target, an instance, the training dump and the trial dump. */
export interface PlannedRun {
  targetName: string;
  instanceName: string;
  /** The group trained on. */
  group: EditGroup;
  downloadTraining: string;
  downloadTrial?: string;
}

/** The runs to make, and what was decided on the way (logged). */
export interface RunPlan {
  runs: PlannedRun[];
  notes: string[];
}

/** `%Y-%m-%d %H:%M:%S` in UTC. */
function formatInstance(time: Date): string {
  return time.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Plans the runs from the edit groups (a pure function): groups are folded under their parent
 * (`related_to`, else their own name) as a target; a `Generic` group is skipped when its target
 * has `Training` or `Reported False Positives` groups; `Trial` groups are not runs but give the
 * target's trial set; a target without one borrows the trial group of the group named
 * {@link FALLBACK_TRIAL_GROUP}. Each remaining group is one run. The instance name is the time;
 * a second run of the same target gets the next second, so no two runs share a path.
 * `only` keeps the groups (or targets) with those names.
 */
export function planRuns(
  groups: EditGroup[],
  options: { now: Date; dumpUrl: (id: number) => string; only?: string[] },
): RunPlan {
  const targets = new Map<string, EditGroup[]>();
  for (const group of groups) {
    const target = group.related_to ?? group.name;
    targets.set(target, [...(targets.get(target) ?? []), group]);
  }
  const trialOf = (target: string) =>
    (targets.get(target) ?? [])
      .filter((group) => group.type === 'Trial')
      .sort((a, b) => a.id - b.id)[0];
  const fallbackTarget = groups.find((group) => group.name === FALLBACK_TRIAL_GROUP);
  const fallbackTrial = fallbackTarget
    ? fallbackTarget.type === 'Trial'
      ? fallbackTarget
      : trialOf(fallbackTarget.related_to ?? fallbackTarget.name)
    : undefined;

  const runs: PlannedRun[] = [];
  const notes: string[] = [];
  for (const [target, members] of [...targets].sort(([a], [b]) => a.localeCompare(b))) {
    const hasSpecific = members.some(
      (group) => group.type === 'Training' || group.type === 'Reported False Positives',
    );
    const trainable = members
      .filter((group) => group.type !== 'Trial' && !(group.type === 'Generic' && hasSpecific))
      .filter(
        (group) =>
          !options.only || options.only.includes(group.name) || options.only.includes(target),
      )
      .sort((a, b) => a.id - b.id);
    if (trainable.length === 0) continue;
    let trial = trialOf(target);
    if (!trial && fallbackTrial) {
      trial = fallbackTrial;
      notes.push(`Using sampled edits as fallback trial group for ${target}`);
    } else if (!trial) {
      notes.push(
        `No trial group for ${target} and no "${FALLBACK_TRIAL_GROUP}" group: runs without a trial report`,
      );
    }
    trainable.forEach((group, k) => {
      runs.push({
        targetName: target,
        instanceName: formatInstance(new Date(options.now.getTime() + k * 1000)),
        group,
        downloadTraining: options.dumpUrl(group.id),
        downloadTrial: trial ? options.dumpUrl(trial.id) : undefined,
      });
    });
  }
  if (options.only) {
    const known = new Set(groups.flatMap((group) => [group.name, group.related_to ?? group.name]));
    const unknown = options.only.filter((name) => !known.has(name));
    if (unknown.length > 0)
      throw new Error(
        `--edit-set ${unknown.join(', ')}: no such edit group (groups: ${[...known].sort().join(', ')})`,
      );
  }
  return { runs, notes };
}

/** Quotes a value for a POSIX shell in double quotes, as the original printed its commands. */
export function shellQuote(value: string): string {
  return `"${value.replace(/(["\\$`])/g, '\\$1')}"`;
}

/** The `cbng-trainer run-edit-set ...` line of a run. */
export function commandLine(run: PlannedRun): string {
  const parts = [
    'cbng-trainer run-edit-set',
    `--target-name=${shellQuote(run.targetName)}`,
    `--instance-name=${shellQuote(run.instanceName)}`,
    `--download-training=${shellQuote(run.downloadTraining)}`,
  ];
  if (run.downloadTrial) parts.push(`--download-trial=${shellQuote(run.downloadTrial)}`);
  return parts.join(' ');
}
