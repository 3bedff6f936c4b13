import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashSync } from 'bcryptjs';
import { freePort } from './free-port';

/** A running OCI image registry on loopback. */
export interface TestImageRegistry {
  /** `127.0.0.1:<port>`, usable as REGISTRY. */
  host: string;
  stop(): Promise<void>;
}

const BINARY = '/usr/bin/docker-registry';

/** Options of {@link startImageRegistry}. */
export interface TestImageRegistryOptions {
  /** Require these users (name to password) through htpasswd. Default: no authentication. */
  users?: Record<string, string>;
}

/**
 * Starts Debian's `docker-registry` (the distribution registry) on a free loopback port with a
 * throw-away storage folder, optionally behind htpasswd authentication. The Docker Engine trusts
 * 127.0.0.0/8 registries without TLS.
 */
export async function startImageRegistry(
  options: TestImageRegistryOptions = {},
): Promise<TestImageRegistry> {
  if (!existsSync(BINARY)) {
    throw new Error(
      'The suite needs a real image registry: install it with `apt-get install docker-registry` (bash .ci/run does).',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'mesh-registry-'));
  const port = await freePort();
  const config = join(dir, 'config.yml');
  const htpasswd = join(dir, 'htpasswd');
  if (options.users)
    writeFileSync(
      htpasswd,
      Object.entries(options.users)
        .map(([name, password]) => `${name}:${hashSync(password, 4)}\n`)
        .join(''),
    );
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: warn',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'data')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: 127.0.0.1:${port}`,
      ...(options.users
        ? ['auth:', '  htpasswd:', '    realm: mesh-test', `    path: ${htpasswd}`]
        : []),
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(BINARY, ['serve', config], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const host = `127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch(`http://${host}/v2/`);
      // 401 is an answer too: the registry is up and asks for credentials.
      if (response.ok || response.status === 401) break;
    } catch {
      // not listening yet
    }
    if (attempt > 100 || child.exitCode !== null) {
      child.kill();
      throw new Error(`docker-registry did not start on ${host}: ${stderr.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    host,
    async stop() {
      child.kill();
      await new Promise((resolve) =>
        child.exitCode === null ? child.once('exit', resolve) : resolve(undefined),
      );
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
