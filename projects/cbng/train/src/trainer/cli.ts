#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { Output } from '@mesh/output';
import { runEditSet, runEditSets } from './run-edit-sets';

const USAGE = `usage:
  cbng-trainer run-edit-sets [--edit-set NAME]... [--print-only]
  cbng-trainer run-edit-set --target-name NAME --instance-name "YYYY-MM-DD HH:MM:SS" --download-training URL [--download-trial URL] [--from-step STEP]
settings: REVIEW_API_URL, RUN_CONCURRENCY (default 2), PRINT_ONLY=true, and those of cbng/train`;

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
    if (command === 'run-edit-set') {
      const { values } = parseArgs({
        args: rest,
        options: {
          'target-name': { type: 'string' },
          'instance-name': { type: 'string' },
          'download-training': { type: 'string' },
          'download-trial': { type: 'string' },
          'from-step': { type: 'string' },
        },
      });
      const missing = ['target-name', 'instance-name', 'download-training'].filter(
        (name) => !values[name as keyof typeof values],
      );
      if (missing.length > 0) {
        output.error(`run-edit-set needs --${missing.join(', --')}\n${USAGE}`);
        return 2;
      }
      return await runEditSet({
        targetName: values['target-name']!,
        instanceName: values['instance-name']!,
        downloadTraining: values['download-training']!,
        downloadTrial: values['download-trial'],
        env: values['from-step'] ? { ...env, FROM_STEP: values['from-step'] } : env,
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
