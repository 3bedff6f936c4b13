import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Output } from '@mesh/output';
import { maskSecrets } from './mask-secrets';
import {
  StepFailedError,
  StepOutputMissingError,
  type StepDefinition,
  type StepRecord,
  type StepStatus,
} from './step-definition';
import type { StepOutputStore } from './step-output-store';
import { checkSteps, downstreamOf, upstreamOf } from './step-order';

/** Options of {@link runSteps}. */
export interface RunStepsOptions {
  /** The run folder: steps read and write here; logs go to `logs/<step>.log`. */
  folder: string;
  output: Output;
  /** Resume: reuse the stored outputs of every step this one does not depend on. Default: run all. */
  fromStep?: string;
  /**
   * Run this one step only (a step job): restore the stored outputs of every step it depends
   * on, run it, store its outputs. Default: run all.
   */
  onlyStep?: string;
  /** Where outputs are stored as made and restored from on resume. Default: not stored. */
  store?: StepOutputStore;
  /** Values masked (as `***`) in every step log. Default: none. */
  secrets?: string[];
  now?: () => Date;
}

/**
 * Runs named steps in their declared order, each as soon as the steps it needs have finished
 * (so independent ones run concurrently). Records each step's status, duration and log (secrets
 * masked) in `logs/steps.json`, stores each step's outputs as it finishes, and stops at the
 * first failure: running steps finish, no new ones start, and a {@link StepFailedError} names
 * the step. With `fromStep`, the steps before it are not run but their stored outputs reused.
 */
export async function runSteps(
  steps: StepDefinition[],
  options: RunStepsOptions,
): Promise<StepRecord[]> {
  checkSteps(steps);
  const now = options.now ?? (() => new Date());
  const secrets = options.secrets ?? [];
  mkdirSync(join(options.folder, 'logs'), { recursive: true });
  const records = new Map<string, StepRecord>(
    steps.map((step) => [
      step.name,
      {
        name: step.name,
        status: (step.enabled === false ? 'skipped' : 'not-run') as StepStatus,
        durationMs: 0,
        log: `logs/${step.name}.log`,
        outputs: step.outputs,
      },
    ]),
  );
  const save = () =>
    writeFileSync(
      join(options.folder, 'logs', 'steps.json'),
      `${JSON.stringify([...records.values()], null, 2)}\n`,
    );

  const resumeFrom = options.onlyStep ?? options.fromStep;
  // Steps this run may start: all, or (a step job) only the one.
  const selected = new Set(options.onlyStep ? [options.onlyStep] : steps.map((step) => step.name));
  if (resumeFrom !== undefined) {
    const flag = options.onlyStep !== undefined ? '--only-step' : '--from-step';
    if (!records.has(resumeFrom))
      throw new Error(
        `${flag} ${resumeFrom}: no such step (steps: ${steps.map((s) => s.name).join(', ')})`,
      );
    const rerun = downstreamOf(steps, resumeFrom);
    const upstream = upstreamOf(steps, resumeFrom);
    for (const step of steps) {
      if (rerun.has(step.name) || step.enabled === false) continue;
      if (options.onlyStep !== undefined && !upstream.has(step.name)) continue;
      for (const path of step.outputs) {
        const restored = await options.store?.restore(path, join(options.folder, path));
        if (!restored)
          throw new StepOutputMissingError(
            resumeFrom,
            step.name,
            path,
            options.store?.location,
            flag,
          );
      }
      // The step's log is kept with its outputs; bring it along when it is there.
      await options.store?.restore(
        `logs/${step.name}.log`,
        join(options.folder, 'logs', `${step.name}.log`),
      );
      records.get(step.name)!.status = 'reused';
      options.output.info(`Reusing the stored outputs of ${step.name}`);
    }
  }

  const done = (name: string) => {
    const status = records.get(name)!.status;
    return status === 'succeeded' || status === 'reused' || status === 'skipped';
  };
  const running = new Map<string, Promise<void>>();
  let failure: { step: string; error: unknown } | undefined;

  const start = (step: StepDefinition) => {
    const record = records.get(step.name)!;
    const logPath = join(options.folder, record.log);
    writeFileSync(logPath, '');
    for (const path of step.outputs)
      mkdirSync(dirname(join(options.folder, path)), { recursive: true });
    const started = now();
    record.startedAt = started.toISOString();
    const promise = options.output
      .step(`Step ${step.name}`, async (progress) => {
        await step.run({
          folder: options.folder,
          log: (line) => {
            const masked = maskSecrets(line, secrets);
            appendFileSync(logPath, `${masked}\n`);
            progress.detail(masked);
          },
          progress: (count, total, unit) => progress.update(count, total, unit),
        });
        for (const path of step.outputs) {
          const absolute = join(options.folder, path);
          if (!existsSync(absolute)) throw new Error(`the step did not write its output ${path}`);
          await options.store?.save(path, absolute);
        }
      })
      .then(
        () => {
          record.status = 'succeeded';
        },
        (error: unknown) => {
          record.status = 'failed';
          record.error = maskSecrets((error as Error)?.message ?? String(error), secrets);
          appendFileSync(logPath, `FAILED: ${record.error}\n`);
          failure ??= { step: step.name, error };
        },
      )
      .finally(async () => {
        record.durationMs = now().getTime() - started.getTime();
        // The log is kept with the outputs, so a failed run's log outlives its run folder.
        await options.store?.save(record.log, logPath).catch(() => undefined);
        running.delete(step.name);
        save();
      });
    running.set(step.name, promise);
  };

  save();
  for (;;) {
    if (!failure) {
      for (const step of steps) {
        const record = records.get(step.name)!;
        if (record.status !== 'not-run' || running.has(step.name) || !selected.has(step.name))
          continue;
        if ((step.needs ?? []).every(done)) start(step);
      }
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  save();
  const result = [...records.values()];
  if (failure) {
    throw new StepFailedError(failure.step, result, { cause: failure.error });
  }
  const stuck = result.filter((record) => record.status === 'not-run' && selected.has(record.name));
  if (stuck.length > 0)
    throw new Error(`steps ${stuck.map((r) => r.name).join(', ')} never became ready`);
  return result;
}
