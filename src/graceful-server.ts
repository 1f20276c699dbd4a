import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';

// `server.close()` alone never finishes while keep-alive clients keep sending: each new request
// on an open connection is served, and the connection stays open. Shutting down here means:
// stop accepting, close idle connections, answer every request still coming with
// `Connection: close` (the client reconnects elsewhere), and cut whatever is left when the
// drain time is over.

export interface GracefulServer {
  server: Server;
  /** Resolves once every connection is closed; `forced` when the drain time ran out first. */
  shutdown(drainTimeoutMs: number): Promise<{ forced: boolean }>;
}

export function createGracefulServer(handler: RequestListener): GracefulServer {
  let stopping = false;
  const inFlight = new Set<ServerResponse>();

  const server = createServer((request, response) => {
    if (stopping) response.setHeader('Connection', 'close');
    inFlight.add(response);
    response.on('close', () => {
      inFlight.delete(response);
      // The connection this response leaves idle is closed now rather than kept alive.
      if (stopping) server.closeIdleConnections();
    });
    handler(request, response);
  });

  async function shutdown(drainTimeoutMs: number) {
    stopping = true;
    for (const response of inFlight) if (!response.headersSent) response.setHeader('Connection', 'close');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    let forced = false;
    const deadline = setTimeout(() => {
      forced = true;
      server.closeAllConnections();
    }, drainTimeoutMs);
    await closed;
    clearTimeout(deadline);
    return { forced };
  }

  return { server, shutdown };
}
