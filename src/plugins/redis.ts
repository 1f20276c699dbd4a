import { Redis } from 'ioredis';
import type { Logger } from 'pino';

// The Redis connection that N gateways share for the response cache and the rate-limit
// counters. Redis is an accelerator, never a dependency: while it is down, commands fail at
// once (no offline queue) and the callers fall back (cache miss, in-memory counters), and the
// client keeps reconnecting in the background.

export interface RedisHandle {
  client: Redis;
  /** True when commands can be sent now. */
  isReady(): boolean;
  /**
   * True when commands can be sent; before the first connection, waits for it (bounded by the
   * connect timeout) so that the first requests after start use Redis rather than skip it.
   */
  whenUsable(): Promise<boolean>;
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 1_000;

export function connectRedis(url: string, logger: Logger): RedisHandle {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: 1_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  let everReady = false;
  let healthy = false;
  let reported = false;
  client.on('ready', () => {
    everReady = true;
    healthy = true;
    reported = false;
    logger.info('redis: connected');
  });
  // Without a listener, a connection error would crash the process.
  client.on('error', (error: Error) => {
    if (healthy || !reported) logger.warn({ err: error.message }, 'redis: unavailable, serving without it until it is back');
    healthy = false;
    reported = true;
  });

  let firstConnection: Promise<boolean> | undefined;
  return {
    client,
    isReady: () => client.status === 'ready',
    async whenUsable() {
      if (client.status === 'ready') return true;
      if (everReady || !['wait', 'connecting', 'connect'].includes(client.status)) return false;
      firstConnection ??= new Promise<boolean>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          client.off('ready', done);
          client.off('error', done);
          client.off('end', done);
          resolve(client.status === 'ready');
        };
        const timer = setTimeout(done, CONNECT_TIMEOUT_MS);
        client.once('ready', done);
        client.once('error', done);
        client.once('end', done);
      });
      return firstConnection;
    },
    async close() {
      if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
      else client.disconnect();
    },
  };
}
