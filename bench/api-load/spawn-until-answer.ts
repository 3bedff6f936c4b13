import { spawn } from 'node:child_process';
import { freePort } from '@mesh/testing';

/** A service spawned by {@link spawnUntilAnswer}, once it has answered. */
export interface AnsweringService {
  /** Seconds from the spawn to its first HTTP answer (Node's start and module loading included). */
  seconds: number;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Ends it with SIGTERM and waits for its exit. */
  stop(): Promise<void>;
}

/**
 * Spawns `node <args>` with `PORT` set to a free port and polls `GET /health` every 20 ms until
 * anything answers: a start-up as a user waiting for the service sees it.
 */
export async function spawnUntilAnswer(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<AnsweringService> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const began = performance.now();
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    for (;;) {
      const answered = await fetch(`${url}/health`).then(
        (response) => response.status > 0,
        () => false,
      );
      if (answered) return { seconds: (performance.now() - began) / 1000, url, stop };
      if (child.exitCode !== null)
        throw new Error(`node ${args.join(' ')} exited ${child.exitCode}:\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } catch (error) {
    await stop();
    throw error;
  }
}
