import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { JobBackend, JobContext, JobOutcome } from '../backend';
import type { JobRecord } from '../job-types';
import { lineWriter } from '../line-writer';
import { expandSecretArgs } from '../trainer-request';

/** Options of {@link LocalBackend}. */
export interface LocalBackendOptions {
  /** Environment the job's own variables are added to. Default: `process.env`. */
  baseEnv?: NodeJS.ProcessEnv;
  /** How long a stopped job has between SIGTERM and SIGKILL. Default: 10 s. */
  killGraceMs?: number;
}

/**
 * Runs a job as a child process of this one, in its own process group: stdout and stderr are
 * streamed line by line, cancelling sends SIGTERM to the group (SIGKILL after a grace period).
 */
export class LocalBackend implements JobBackend {
  readonly name = 'local' as const;
  private readonly baseEnv: NodeJS.ProcessEnv;
  private readonly killGraceMs: number;

  constructor(options: LocalBackendOptions = {}) {
    this.baseEnv = options.baseEnv ?? process.env;
    this.killGraceMs = options.killGraceMs ?? 10_000;
  }

  async run(context: JobContext): Promise<JobOutcome> {
    const { spec, signal } = context;
    if (!spec.command || spec.command.length === 0)
      return { status: 'failed', error: 'The local backend needs a command to run.' };
    const [program, ...programArgs] = spec.command;
    context.log('system', `Starting ${[program, ...programArgs, ...spec.args].join(' ')}`);
    const child = spawn(program, [...programArgs, ...expandSecretArgs(spec.args, spec.secrets)], {
      cwd: spec.cwd,
      env: { ...this.baseEnv, ...spec.env, ...spec.secrets },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout.pipe(lineWriter((line) => context.log('stdout', line)));
    child.stderr.pipe(lineWriter((line) => context.log('stderr', line)));
    let killTimer: NodeJS.Timeout | undefined;
    const stop = () => {
      signalGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), this.killGraceMs);
      killTimer.unref();
    };
    signal.addEventListener('abort', stop, { once: true });
    try {
      const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
        (resolve, reject) => {
          child.once('error', reject);
          child.once('spawn', () => {
            context.externalId(`pid:${child.pid}`);
            context.status('running');
          });
          child.once('close', (code, killedBy) => resolve({ code, signal: killedBy }));
        },
      );
      const exitCode = ended.code ?? 128 + (ended.signal ? constants.signals[ended.signal] : 0);
      if (signal.aborted)
        return signal.reason === 'timeout'
          ? { status: 'failed', exitCode, error: 'timed out' }
          : { status: 'cancelled', exitCode };
      if (exitCode === 0) return { status: 'succeeded', exitCode };
      return {
        status: 'failed',
        exitCode,
        error: ended.signal ? `killed by ${ended.signal}` : `exited with code ${exitCode}`,
      };
    } catch (error) {
      return { status: 'failed', error: `Cannot start ${program}: ${(error as Error).message}` };
    } finally {
      signal.removeEventListener('abort', stop);
      if (killTimer) clearTimeout(killTimer);
    }
  }

  async stopExternal(record: JobRecord): Promise<boolean> {
    const pid = Number(/^pid:(\d+)$/.exec(record.externalId ?? '')?.[1]);
    return pid > 0 ? signalGroup(pid, 'SIGTERM') : false;
  }
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): boolean {
  if (!pid) return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}
