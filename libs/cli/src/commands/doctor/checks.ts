import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dockerEndpoint } from '@mesh/docker';

const exec = promisify(execFile);

/** The outcome of one check: ok, failed (with the fix), or skipped (with why). */
export interface CheckResult {
  name: string;
  status: 'ok' | 'fail' | 'skip';
  detail: string;
  /** How to fix a failed check. */
  fix?: string;
}

/** What the checks read; each defaults to the running process. */
export interface CheckContext {
  root: string;
  env: NodeJS.ProcessEnv;
  nodeVersion: string;
  /** Upper bound for each probe, in ms. */
  timeoutMs: number;
}

/** Node.js must be 20.19 or newer (the first 20.x that loads ES modules from CommonJS). */
export function checkNode({ nodeVersion }: CheckContext): CheckResult {
  const [major, minor] = nodeVersion.replace(/^v/, '').split('.').map(Number);
  const ok = major > 20 || (major === 20 && minor >= 19);
  return {
    name: 'Node.js',
    status: ok ? 'ok' : 'fail',
    detail: nodeVersion,
    fix: ok
      ? undefined
      : 'Install Node.js 20.19 or newer (e.g. from your distribution or nodejs.org).',
  };
}

/** The workspace's packages must be installed and built. */
export function checkInstall({ root }: CheckContext): CheckResult {
  if (!existsSync(join(root, 'node_modules', 'nx'))) {
    return {
      name: 'Dependencies',
      status: 'fail',
      detail: 'node_modules is missing',
      fix: 'Run `npm ci` at the repository root.',
    };
  }
  if (!existsSync(join(root, 'libs', 'cli', 'dist', 'main.js'))) {
    return {
      name: 'Dependencies',
      status: 'fail',
      detail: 'installed, not built',
      fix: 'Run `npm run build`.',
    };
  }
  return { name: 'Dependencies', status: 'ok', detail: 'installed and built' };
}

/** The Docker Engine must answer `GET /_ping`. */
export function checkDocker({ env, timeoutMs }: CheckContext): Promise<CheckResult> {
  const endpoint = dockerEndpoint(env);
  const fix =
    'Install it with `sudo apt-get install docker.io`, then start it with `sudo systemctl start docker` ' +
    '(or `sudo dockerd &` where systemd is not running). Needed to run components in containers.';
  return new Promise((resolve) => {
    const req = request({ ...endpoint, path: '/_ping', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(
        res.statusCode === 200
          ? { name: 'Docker Engine', status: 'ok', detail: `reachable at ${endpoint.label}` }
          : {
              name: 'Docker Engine',
              status: 'fail',
              detail: `${endpoint.label} answered ${res.statusCode}`,
              fix,
            },
      );
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs}ms`)));
    req.on('error', (error) =>
      resolve({
        name: 'Docker Engine',
        status: 'fail',
        detail: `not reachable at ${endpoint.label} (${error.message})`,
        fix,
      }),
    );
    req.end();
  });
}

/**
 * docker compose (v2 plugin) or docker-compose (v1) must be installed. Whether each is installed
 * is decided by finding its executable (on PATH, or as a docker CLI plugin), not by whether it
 * answers in time, so a slow start on a busy machine never reads as "not found".
 */
export async function checkCompose({ env, timeoutMs }: CheckContext): Promise<CheckResult> {
  const forms = [
    { label: 'docker compose', file: 'docker', args: ['compose', 'version', '--short'] },
    { label: 'docker-compose', file: 'docker-compose', args: ['version', '--short'] },
  ];
  for (const form of forms) {
    const installed =
      form.file === 'docker'
        ? findOnPath('docker', env) && findComposePlugin(env)
        : findOnPath(form.file, env);
    if (!installed) continue;
    try {
      const { stdout } = await exec(form.file, form.args, { timeout: timeoutMs, env });
      return { name: 'Compose', status: 'ok', detail: `${form.label} ${stdout.trim()}` };
    } catch (error) {
      const timedOut = (error as { killed?: boolean }).killed === true;
      if (timedOut) {
        return {
          name: 'Compose',
          status: 'ok',
          detail: `${form.label} (${installed}; its version did not answer within ${timeoutMs} ms)`,
        };
      }
      // installed but broken (e.g. a docker without the plugin answering): try the next form
    }
  }
  return {
    name: 'Compose',
    status: 'fail',
    detail: 'neither `docker compose` nor `docker-compose` found',
    fix: 'Install `docker-compose` (sudo apt-get install docker-compose) or the compose v2 plugin.',
  };
}

/** The path of an executable `name` on `env.PATH`, or undefined. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const folder of (env.PATH ?? '').split(':').filter(Boolean)) {
    const path = join(folder, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The docker CLI's compose plugin, where the docker CLI looks for it. */
function findComposePlugin(env: NodeJS.ProcessEnv): string | undefined {
  const folders = [
    env.DOCKER_CONFIG ? join(env.DOCKER_CONFIG, 'cli-plugins') : '',
    env.HOME ? join(env.HOME, '.docker', 'cli-plugins') : '',
    '/usr/local/lib/docker/cli-plugins',
    '/usr/local/libexec/docker/cli-plugins',
    '/usr/lib/docker/cli-plugins',
    '/usr/libexec/docker/cli-plugins',
  ].filter(Boolean);
  return folders.map((folder) => join(folder, 'docker-compose')).find((path) => existsSync(path));
}

/** The image registry named by `REGISTRY` must answer the OCI distribution API at `/v2/`. */
export async function checkRegistry({ env, timeoutMs }: CheckContext): Promise<CheckResult> {
  const registry = env.REGISTRY;
  if (!registry)
    return {
      name: 'Image registry',
      status: 'skip',
      detail: 'REGISTRY is not set (set REGISTRY=host:port to check one)',
    };
  const base = /^https?:\/\//.test(registry) ? registry : `http://${registry}`;
  try {
    const response = await fetch(`${base.replace(/\/$/, '')}/v2/`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status === 200 || response.status === 401) {
      return {
        name: 'Image registry',
        status: 'ok',
        detail: `${registry} answers the registry API (${response.status})`,
      };
    }
    return {
      name: 'Image registry',
      status: 'fail',
      detail: `${registry}/v2/ answered ${response.status}`,
      fix: 'Check that REGISTRY names an OCI image registry.',
    };
  } catch (error) {
    return {
      name: 'Image registry',
      status: 'fail',
      detail: `${registry} not reachable (${(error as Error).message})`,
      fix: 'Start the registry (e.g. `sudo apt-get install docker-registry`, which listens on 127.0.0.1:5000) or fix REGISTRY.',
    };
  }
}
