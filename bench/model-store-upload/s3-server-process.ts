// s3rver for the upload benchmark, in a process of its own so the server's work (receiving,
// md5, writing, copying parts) does not share a thread with the client being measured.
// Prints one JSON line with the server's client config, then serves until SIGTERM or SIGINT.
import { startS3Server } from '@mesh/testing';

async function main(): Promise<void> {
  const server = await startS3Server();
  const stop = () => {
    void server.stop().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // The parent gone (killed, crashed) means no one will stop this server: stop it here.
  process.once('disconnect', stop);
  process.send?.({
    endpoint: server.endpoint,
    bucket: server.bucket,
    clientConfig: server.clientConfig,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
