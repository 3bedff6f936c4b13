/**
 * Ends the process quietly when the reader of `stream` goes away (`mesh models show X | head -3`):
 * an EPIPE means nobody wants more output, which is not a failure. Other write errors are
 * reported in one line. Returns the stream for chaining.
 */
export function exitQuietlyWhenPipeCloses(
  stream: NodeJS.WriteStream,
  exit: (code: number) => void = (code) => process.exit(code),
): NodeJS.WriteStream {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') {
      exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      return;
    }
    process.stderr.write(`error: cannot write output: ${error.message}\n`);
    exit(1);
  });
  return stream;
}
