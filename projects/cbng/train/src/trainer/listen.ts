import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server that listens: the URL it is reached at, and how to stop it. */
export interface Listening {
  /** `http://host:port`, with the port the system picked when asked for 0. */
  url: string;
  /** Stops accepting connections and ends the open ones (keep-alive included). */
  close(): Promise<void>;
}

/** Starts `server` on `host:port` (0: a free port); a port in use rejects. */
export async function listen(server: Server, port: number, host: string): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Resolves on the first SIGINT or SIGTERM, or when `stop` aborts: how a served command ends. */
export function untilStopped(stop?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    stop?.addEventListener('abort', done, { once: true });
  });
}
