import type { Logger } from 'pino';
import type { WalPosition } from '../db/wal-position.js';
import type { RedisHandle } from './redis.js';

// Where each client's last write ended in the primary's WAL, so that its next reads go to a
// replica only once that replica has replayed it (read-your-writes). A client is an API key:
// writing takes one (the editor scope). In memory, or in Redis when REDIS_URL is set, so that
// a client whose mutation went through one gateway reads its write through any other.
// ANYONE holds the last write of all: a result read on a replica that has not replayed it is
// not put in the shared response cache (it would outlive the mutation's invalidation).

/** An API key's id, or ANYONE. */
export type Writer = number | typeof ANYONE;
export const ANYONE = 'anyone';

export interface ClientWritePositions {
  remember(writer: Writer, position: WalPosition): Promise<void>;
  /** The writer's last write position; null when it wrote nothing lately. */
  latest(writer: Writer): Promise<WalPosition | null>;
}

/**
 * How long a position is kept: far beyond any replica lag a gateway accepts (a replica that
 * far behind is skipped anyway, DB_REPLICA_MAX_LAG_MS), so that Redis forgets old ones.
 */
const KEEP_MS = 10 * 60_000;

export function createMemoryWritePositions(): ClientWritePositions {
  // One entry per key that wrote: as many as editor keys.
  const positions = new Map<Writer, { position: WalPosition; until: number }>();
  return {
    async remember(client, position) {
      const known = positions.get(client);
      if (!known || known.position < position) positions.set(client, { position, until: Date.now() + KEEP_MS });
    },
    async latest(client) {
      const known = positions.get(client);
      if (known && known.until < Date.now()) positions.delete(client);
      return known && known.until >= Date.now() ? known.position : null;
    },
  };
}

/** Shared through Redis; while Redis is down, each gateway remembers its own clients' writes. */
export function createRedisWritePositions(redis: RedisHandle, keyPrefix: string, logger: Logger): ClientWritePositions {
  const local = createMemoryWritePositions();
  const key = (client: Writer) => `${keyPrefix}wal:${client}`;
  const failed = (what: string) => (error: unknown) => {
    logger.warn({ err: error instanceof Error ? error.message : error }, `read-your-writes: ${what} in Redis failed`);
    return null;
  };
  return {
    async remember(client, position) {
      await local.remember(client, position);
      if (!(await redis.whenUsable())) return;
      // Positions only grow per client, but two gateways may write out of order: a stale one
      // would only send the client to the primary a little longer.
      await redis.client.set(key(client), position.toString(), 'PX', KEEP_MS).catch(failed('write'));
    },
    async latest(client) {
      const mine = await local.latest(client);
      if (!redis.isReady()) return mine;
      const shared = await redis.client.get(key(client)).catch(failed('read'));
      const theirs = shared ? BigInt(shared) : null;
      return theirs !== null && (mine === null || theirs > mine) ? theirs : mine;
    },
  };
}
