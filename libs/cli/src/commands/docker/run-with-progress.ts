import { spawn } from 'node:child_process';
import { plainTerminalText } from '@mesh/docker';

const KEEP_LINES = 20;

/**
 * Runs a long command, handing each line it prints (escape codes removed) to `onLine` as it
 * comes. Rejects with its last lines when it fails, so the error says why. `env` (default:
 * `process.env`) is the command's environment, its `PATH` included.
 */
export function runWithProgress(
  command: string,
  args: string[],
  onLine: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    const last: string[] = [];
    let pending = '';
    const take = (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const raw of lines) {
        const line = plainTerminalText(raw).trim();
        if (!line) continue;
        last.push(line);
        if (last.length > KEEP_LINES) last.shift();
        onLine(line);
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (pending.trim()) last.push(plainTerminalText(pending).trim());
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `${command} exited with ${signal ?? code}${last.length ? `:\n${last.join('\n')}` : ''}`,
          ),
        );
    });
  });
}
