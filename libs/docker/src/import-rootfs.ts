import { spawn } from 'node:child_process';
import type Docker from 'dockerode';

/**
 * Imports a root filesystem folder (e.g. made by debootstrap) as an image, streaming it as a tar
 * archive to the Engine. Returns the new image's reference.
 */
export async function importRootfs(
  docker: Docker,
  directory: string,
  reference: string,
): Promise<string> {
  const tar = spawn('tar', ['-C', directory, '--numeric-owner', '-c', '.'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  tar.stderr.on('data', (chunk) => (stderr += chunk));
  const [repo, tag = 'latest'] = reference.split(/:(?=[^/:]+$)/);
  const stream = (await docker.importImage(tar.stdout, {
    repo,
    tag,
  } as never)) as unknown as NodeJS.ReadableStream;
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null) =>
      error ? reject(error) : resolve(),
    );
  });
  const code = await new Promise<number>((resolve) =>
    tar.exitCode === null ? tar.on('exit', (c) => resolve(c ?? 1)) : resolve(tar.exitCode),
  );
  if (code !== 0) throw new Error(`tar of ${directory} failed: ${stderr.trim()}`);
  return reference;
}
