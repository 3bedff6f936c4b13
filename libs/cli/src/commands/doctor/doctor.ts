import type { Output } from '@mesh/output';
import { workspaceRoot } from '../../workspace';
import {
  checkCompose,
  checkDocker,
  checkInstall,
  checkNode,
  checkRegistry,
  type CheckContext,
  type CheckResult,
} from './checks';

/** Options of `mesh doctor`. */
export interface DoctorOptions {
  cwd: string;
  output: Output;
  json?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Upper bound for each probe, in ms. Default: 3000. */
  timeoutMs?: number;
}

/** `mesh doctor`: runs every check, prints each with its fix, exits 1 if any failed. */
export async function doctor(options: DoctorOptions): Promise<number> {
  const context: CheckContext = {
    root: workspaceRoot(options.cwd),
    env: options.env ?? process.env,
    nodeVersion: process.version,
    timeoutMs: options.timeoutMs ?? 3000,
  };
  const results: CheckResult[] = [
    checkNode(context),
    checkInstall(context),
    ...(await Promise.all([checkDocker(context), checkCompose(context), checkRegistry(context)])),
  ];
  if (options.json) {
    options.output.json(results);
  } else {
    const mark = { ok: '✓', fail: '✗', skip: '-' } as const;
    for (const result of results) {
      options.output.result(`${mark[result.status]} ${result.name}: ${result.detail}`);
      if (result.fix) options.output.result(`    fix: ${result.fix}`);
    }
  }
  return results.some((result) => result.status === 'fail') ? 1 : 0;
}
