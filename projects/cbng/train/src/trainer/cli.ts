#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { Output } from '@mesh/output';
import { runEditSet, runEditSets } from './run-edit-sets';

const USAGE = `usage:
  cbng-trainer run-edit-sets [--edit-set NAME]... [--print-only]
  cbng-trainer run-edit-set --target-name NAME --instance-name "YYYY-MM-DD HH:MM:SS" --download-training URL [--download-trial URL]
                            [--from-step STEP | --only-step STEP] [--dry-run (BACKEND=kubernetes: the step Jobs)]
                            BACKEND=docker: each step its own container <target>-<step>, in the cbng image
                            (STEP_IMAGE), or STEP_MOUNT_WORKSPACE=true: this checkout's dist in mesh/node-base
  cbng-trainer run-file-api   (PORT, HOST, FILE_API_KEY, FILE_API_STORE_URI, FILE_API_MAX_BYTES)
  cbng-trainer serve-sample-review-api [--port N] [--host H] [--groups FILE]
                            a review API over the shipped sample groups and edit sets, to try run-edit-sets
                            (SAMPLE_REVIEW_API_PORT, default 8090; SAMPLE_REVIEW_API_HOST, default 127.0.0.1)
settings: REVIEW_API_URL, RUN_CONCURRENCY (default 2), PRINT_ONLY=true, BACKEND (local or docker),
          and those of cbng/train`;

/** `cbng-trainer`: the ClueBot NG trainer's commands. Returns the exit code. */
export async function cbngTrainer(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const output = new Output({ env });
  const [command, ...rest] = argv;
  try {
    if (command === 'run-edit-sets') {
      const { values } = parseArgs({
        args: rest,
        options: {
          'edit-set': { type: 'string', multiple: true },
          'print-only': { type: 'boolean', default: false },
        },
      });
      return await runEditSets({
        only: values['edit-set'],
        printOnly: values['print-only'] || env.PRINT_ONLY === 'true',
        env,
        output,
      });
    }
    if (command === 'run-file-api') {
      const { runFileApi } = await import('./run-file-api.js');
      return await runFileApi(env, output);
    }
    if (command === 'serve-sample-review-api') {
      const { serveSampleReviewApi } = await import('./serve-sample-review-api.js');
      return await serveSampleReviewApi(rest, env, output);
    }
    if (command === 'run-edit-set') {
      const { values } = parseArgs({
        args: rest,
        options: {
          'target-name': { type: 'string' },
          'instance-name': { type: 'string' },
          'download-training': { type: 'string' },
          'download-trial': { type: 'string' },
          'from-step': { type: 'string' },
          'only-step': { type: 'string' },
          'dry-run': { type: 'boolean', default: false },
        },
      });
      const missing = ['target-name', 'instance-name', 'download-training'].filter(
        (name) => !values[name as keyof typeof values],
      );
      if (missing.length > 0) {
        output.error(`run-edit-set needs --${missing.join(', --')}\n${USAGE}`);
        return 2;
      }
      const run = {
        targetName: values['target-name']!,
        instanceName: values['instance-name']!,
        downloadTraining: values['download-training']!,
        downloadTrial: values['download-trial'],
      };
      const backend = env.BACKEND || 'local';
      if (values['dry-run'] || env.DRY_RUN === 'true') {
        if (backend !== 'kubernetes') {
          output.error(
            `--dry-run prints the step Jobs of BACKEND=kubernetes (BACKEND is ${backend})`,
          );
          return 2;
        }
        const { planStepJobs } = await import('./step-jobs.js');
        const { stringify } = await import('yaml');
        output.result(
          planStepJobs(run, env)
            .map((job) => stringify(job))
            .join('---\n'),
        );
        return 0;
      }
      const only = values['only-step'];
      // BACKEND=docker: this process starts a container per step; the containers run --only-step.
      if (backend === 'docker' && !only)
        return await runEditSet({ ...run, fromStep: values['from-step'], env, output });
      if (only) {
        const { enabledSteps, runStepJob } = await import('./step-jobs.js');
        const steps = enabledSteps(run, env);
        if (!steps.includes(only)) {
          output.error(`--only-step ${only}: not a step of this run (steps: ${steps.join(', ')})`);
          return 2;
        }
        // The last step's job registers the version; the others only store their outputs.
        if (only !== steps[steps.length - 1]) {
          await runStepJob(run, only, { env, output });
          return 0;
        }
      }
      return await runEditSet({
        ...run,
        env: {
          ...env,
          ...(values['from-step'] ? { FROM_STEP: values['from-step'] } : {}),
          ...(only ? { ONLY_STEP: only } : {}),
        },
        output,
      });
    }
    output.error(command ? `unknown command ${command}\n${USAGE}` : USAGE);
    return 2;
  } catch (error) {
    output.error((error as Error).message);
    return (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? 2 : 1;
  }
}

if (require.main === module) {
  void cbngTrainer(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
