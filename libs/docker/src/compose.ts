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
  /** Command and arguments replacing the service's own. Default: the service's command. */
  command?: string[];
  /** Profiles to enable (the service's own). */
  profiles?: string[];
  /** Compose project name. Default: compose's own (the folder name). */
  projectName?: string;
  /** Publish the service's ports (`--service-ports`), as a debugger needs. Default: false. */
  servicePorts?: boolean;
  /**
   * Allocate no TTY (`-T`), so that piped stdin reaches the service byte for byte and its
   * stdout carries only its output (no carriage returns). Set it when stdin is not a terminal,
   * e.g. `echo '{...}' | make projects.run/keywords TASK=predict`. Default: false (compose's own:
   * a TTY).
   */
  noTty?: boolean;
  /** Stop and remove what the run started (its dependencies, networks, volumes) afterwards. Default: false. */
  down?: boolean;
  cwd: string;
  /** The compose process's environment: the source of `${VAR}` and of bare-name pass-through. */
  env?: NodeJS.ProcessEnv;
}

/** The arguments every compose call of a run shares: files, project name and profiles. */
function projectArgs(options: RunComposeServiceOptions): string[] {
  return [
    ...options.compose.args,
    ...options.files.flatMap((file) => ['-f', file]),
    ...(options.projectName ? ['-p', options.projectName] : []),
    ...(options.profiles ?? []).flatMap((profile) => ['--profile', profile]),
  ];
}

function runCompose(
  options: RunComposeServiceOptions,
  args: string[],
  stdio: 'inherit' | 'ignore',
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.compose.file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio,
    });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/**
 * Runs one compose service to completion (`run --rm`, dependencies started first) with its
 * output streamed, and resolves with the service's own exit code, so a failing suite fails the
 * caller with the suite's code. Both compose v1 and v2 behave the same here.
 */
export async function runComposeService(options: RunComposeServiceOptions): Promise<number> {
  try {
    return await runCompose(options, composeRunArguments(options), 'inherit');
  } finally {
    if (options.down)
      await runCompose(
        options,
        [...projectArgs(options), 'down', '--volumes', '--remove-orphans'],
        'ignore',
      );
  }
}

/** The command line of {@link runComposeService}'s `run`, after the compose executable. */
export function composeRunArguments(options: RunComposeServiceOptions): string[] {
  return [
    ...projectArgs(options),
    'run',
    '--rm',
    ...(options.servicePorts ? ['--service-ports'] : []),
    ...(options.noTty ? ['-T'] : []),
    options.service,
    ...(options.command ?? []),
  ];
}
