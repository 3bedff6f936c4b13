import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** The compose command found on this machine: the v2 plugin (`docker compose`) or v1 (`docker-compose`). */
export interface ComposeCommand {
  file: string;
  args: string[];
  version: 1 | 2;
}

/** Finds `docker compose` (v2), else `docker-compose` (v1); undefined when neither is installed. */
export async function findCompose(): Promise<ComposeCommand | undefined> {
  try {
    await exec('docker', ['compose', 'version'], { timeout: 10_000 });
    return { file: 'docker', args: ['compose'], version: 2 };
  } catch {
    // fall through to v1
  }
  try {
    await exec('docker-compose', ['version'], { timeout: 10_000 });
    return { file: 'docker-compose', args: [], version: 1 };
  } catch {
    return undefined;
  }
}

/** Options of {@link runComposeService}. */
export interface RunComposeServiceOptions {
  compose: ComposeCommand;
  /** Compose files, e.g. `projects/keywords/docker-compose.dev.yaml`. */
  files: string[];
  service: string;
  /** Profiles to enable (the service's own). */
  profiles?: string[];
  /** Compose project name. Default: compose's own (the folder name). */
  projectName?: string;
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs one compose service to completion (`run --rm`, dependencies started first) with its
 * output streamed, and resolves with the service's own exit code, so a failing suite fails the
 * caller with the suite's code. Both compose v1 and v2 behave the same here.
 */
export function runComposeService(options: RunComposeServiceOptions): Promise<number> {
  const args = [
    ...options.compose.args,
    ...options.files.flatMap((file) => ['-f', file]),
    ...(options.projectName ? ['-p', options.projectName] : []),
    ...(options.profiles ?? []).flatMap((profile) => ['--profile', profile]),
    'run',
    '--rm',
    options.service,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(options.compose.file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}
