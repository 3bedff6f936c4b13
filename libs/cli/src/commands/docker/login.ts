import { spawn } from 'node:child_process';
import { connectDocker } from '@mesh/docker';
import type { Output } from '@mesh/output';
import { MeshError, UsageError } from '../../errors';
import { registryAuth, registryFromSettings } from './registry-auth';

/** Options of `mesh docker login`. */
export interface LoginOptions {
  output: Output;
  env?: NodeJS.ProcessEnv;
}

/**
 * `mesh docker login` (`make docker.login`): logs the docker CLI, and so compose, in to
 * `REGISTRY` with an Amazon ECR token or `REGISTRY_USERNAME` / `REGISTRY_PASSWORD`. The
 * credentials are checked by the engine first, so a wrong password fails with the registry's
 * message (the password redacted) and nothing is stored.
 */
export async function login(options: LoginOptions): Promise<number> {
  const env = options.env ?? process.env;
  const registry = registryFromSettings(env);
  const auth = await registryAuth(env, registry);
  if (!auth)
    throw new UsageError(
      `${registry} is not an Amazon ECR registry and REGISTRY_USERNAME is not set: set REGISTRY_USERNAME and REGISTRY_PASSWORD (a registry without authentication needs no login).`,
    );
  const redact = (text: string) =>
    auth.password ? text.split(auth.password).join('[redacted]') : text;
  const docker = await connectDocker(env);
  try {
    await docker.checkAuth(auth);
  } catch (error) {
    throw new MeshError(
      `Logging in to ${registry} as ${auth.username} failed: ${redact((error as Error).message)}`,
    );
  }
  const stored = await new Promise<{ code: number; text: string }>((resolve, reject) => {
    const child = spawn(
      'docker',
      ['login', '--username', auth.username, '--password-stdin', auth.serveraddress],
      { env, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let text = '';
    child.stdout.on('data', (chunk) => (text += chunk));
    child.stderr.on('data', (chunk) => (text += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, text }));
    child.stdin.end(auth.password);
  });
  if (stored.code !== 0)
    throw new MeshError(`docker login ${registry} failed: ${redact(stored.text.trim())}`);
  options.output.success(
    `Logged in to ${registry} as ${auth.username}: docker and compose can push and pull there now.`,
  );
  return 0;
}
