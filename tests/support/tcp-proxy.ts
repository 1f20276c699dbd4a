import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy that a test can cut and restore: the gateway connects to the database through
 * it, so that "the database went away and came back" happens on a real PostgreSQL without
 * stopping the server other tests use.
 */
export interface TcpProxy {
  port: number;
  /** Refuses new connections and drops the open ones, as a dead server would. */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  /** Stops forwarding bytes on every connection, as a server that hangs (SIGSTOP, a full disk) would. */
  freeze(): void;
  /** Forwards again what was held back. */
  thaw(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let frozen = false;
  let server: Server;
  let port = 0;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = createConnection(target);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
        if (frozen) upstream.pause();
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as { port: number }).port;
        resolve();
      });
    });

  const cut = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      server.close(() => resolve());
    });

  await listen();
  return {
    get port() {
      return port;
    },
    cut,
    restore: listen,
    // Pausing both sides keeps the bytes in the sockets' buffers: nothing is lost, nothing arrives.
    freeze() {
      frozen = true;
      for (const socket of sockets) socket.pause();
    },
    thaw() {
      frozen = false;
      for (const socket of sockets) socket.resume();
    },
    close: async () => {
      if (server.listening) await cut();
    },
  };
}
