import type { DatabaseHandle } from './connect.js';
import { formatWalPosition, replicaReplayState, type WalPosition } from './wal-position.js';

// The read replicas of DATABASE_READ_URLS and what the gateway last measured of each: queries
// go to a replica that is up and no further behind than DB_REPLICA_MAX_LAG_MS, in turn; a
// client that just wrote is served by a replica only once it has replayed that write.

export type ReplicaHealth = 'ok' | 'lagging' | 'down';

export interface ReplicaStatus {
  /** The replica's host and port (never the URL: it may hold a password). */
  name: string;
  health: ReplicaHealth;
  lagMs: number | null;
  /** The replayed WAL position, as PostgreSQL writes it. */
  replayed: string | null;
  /** Why it is down, for /readyz. */
  error?: string;
}

interface Replica {
  name: string;
  handle: DatabaseHandle;
  health: ReplicaHealth;
  lagMs: number | null;
  replayed: WalPosition | null;
  error?: string;
}

export interface PickedReplica {
  handle: DatabaseHandle;
  /** What it had replayed when last measured. */
  replayed: WalPosition;
}

export interface ReadReplicas {
  /** A replica fit to serve a read that must see writes up to `atLeast` (null: any); null when none is. */
  pick(atLeast: WalPosition | null): PickedReplica | null;
  /** Measures every replica now (the timer does it every DB_REPLICA_CHECK_INTERVAL_MS). */
  check(): Promise<void>;
  status(): ReplicaStatus[];
  close(): Promise<void>;
}

export interface ReadReplicaOptions {
  maxLagMs: number;
  /** 0: no timer, check() is called by whoever needs fresh figures. */
  checkIntervalMs: number;
}

export function replicaName(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
}

/** Watches already opened replica handles, keyed by URL. Closing closes them. */
export function watchReadReplicas(handles: ReadonlyMap<string, DatabaseHandle>, options: ReadReplicaOptions): ReadReplicas {
  // Down until the first check says otherwise: reads go to the primary meanwhile.
  const replicas: Replica[] = [...handles].map(([url, handle]) => ({ name: replicaName(url), handle, health: 'down', lagMs: null, replayed: null }));
  let turn = 0;

  async function measure(replica: Replica) {
    try {
      const { replayed, lagMs } = await replicaReplayState(replica.handle.db);
      Object.assign(replica, { replayed, lagMs, health: lagMs > options.maxLagMs ? 'lagging' : 'ok', error: undefined });
    } catch (error) {
      Object.assign(replica, { health: 'down', lagMs: null, error: error instanceof Error ? error.message : String(error) });
    }
  }

  let checking: Promise<void> | null = null;
  const check = () => (checking ??= Promise.all(replicas.map(measure)).then(() => void (checking = null)));
  const timer = options.checkIntervalMs > 0 ? setInterval(() => void check(), options.checkIntervalMs) : null;
  // The check must never keep a process alive that has nothing else to do.
  timer?.unref();
  void check();

  return {
    pick(atLeast) {
      for (let tried = 0; tried < replicas.length; tried += 1) {
        const replica = replicas[(turn = (turn + 1) % replicas.length)]!;
        if (replica.health !== 'ok' || replica.replayed === null) continue;
        if (atLeast !== null && replica.replayed < atLeast) continue;
        return { handle: replica.handle, replayed: replica.replayed };
      }
      return null;
    },
    check,
    status: () =>
      replicas.map(({ name, health, lagMs, replayed, error }) => ({
        name,
        health,
        lagMs,
        replayed: replayed === null ? null : formatWalPosition(replayed),
        ...(error ? { error } : {}),
      })),
    async close() {
      if (timer) clearInterval(timer);
      await checking;
      await Promise.all(replicas.map((replica) => replica.handle.close()));
    },
  };
}
