import { Writable } from 'node:stream';

/** A writable stream that calls `onLine` for every complete line, and for the rest when it ends. */
export function lineWriter(onLine: (line: string) => void): Writable {
  let pending = '';
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      pending += chunk.toString();
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line);
      callback();
    },
    final(callback) {
      if (pending) onLine(pending);
      pending = '';
      callback();
    },
  });
}
