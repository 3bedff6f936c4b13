import { PassThrough } from 'node:stream';
import { demultiplex } from '@mesh/docker';

const frame = (stream: 1 | 2, text: string) => {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

describe('demultiplex', () => {
  it("splits the engine's frames into stdout and stderr, also when a chunk cuts a frame", async () => {
    const source = new PassThrough();
    let out = '';
    let err = '';
    const stdout = new PassThrough().on('data', (chunk) => (out += chunk));
    const stderr = new PassThrough().on('data', (chunk) => (err += chunk));
    const done = demultiplex(source, stdout, stderr);
    const bytes = Buffer.concat([frame(1, 'one\n'), frame(2, 'oops\n'), frame(1, 'two\n')]);
    // Cut inside the second frame's header and inside the third's payload.
    source.write(bytes.subarray(0, 14));
    source.write(bytes.subarray(14, 30));
    source.end(bytes.subarray(30));
    await done;
    expect(out).toBe('one\ntwo\n');
    expect(err).toBe('oops\n');
  });
});
