import { sql, type Kysely } from 'kysely';
import type { Database } from './types.js';

// Positions in PostgreSQL's write-ahead log ("16/B374D848": two hex halves of a 64-bit byte
// offset). A replica has replayed a write once its replay position reaches the position the
// primary had after committing it.

export type WalPosition = bigint;

export function parseWalPosition(text: string): WalPosition {
  const [high, low] = text.split('/');
  if (!high || !low) throw new Error(`not a WAL position: ${text}`);
  return (BigInt(`0x${high}`) << 32n) | BigInt(`0x${low}`);
}

export function formatWalPosition(position: WalPosition): string {
  return `${(position >> 32n).toString(16).toUpperCase()}/${(position & 0xffffffffn).toString(16).toUpperCase()}`;
}

/**
 * The primary's insert position, read after a commit: it is at or past the commit record, so
 * a replica that has replayed up to it sees the write.
 */
export async function primaryWalPosition(db: Kysely<Database>): Promise<WalPosition> {
  // Statement: the primary's current WAL insert position.
  const { rows } = await sql<{ position: string }>`select pg_current_wal_insert_lsn()::text as position`.execute(db);
  return parseWalPosition(rows[0]!.position);
}

export interface ReplayState {
  /** Everything up to here is visible on the replica. */
  replayed: WalPosition;
  /**
   * How far behind the primary the replica's data is: 0 when it has replayed all it received,
   * else the age of the last transaction it replayed (PostgreSQL's usual measure of lag).
   */
  lagMs: number;
}

/** A replica's replay position and lag; throws when it is unreachable or not a replica. */
export async function replicaReplayState(db: Kysely<Database>): Promise<ReplayState> {
  // Statement: the replica's replay position and lag.
  const { rows } = await sql<{ recovering: boolean; replayed: string | null; lag_ms: number | string | null }>`
    select pg_is_in_recovery() as recovering,
           pg_last_wal_replay_lsn()::text as replayed,
           case when pg_last_wal_receive_lsn() is null or pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() then 0
                else coalesce(extract(epoch from clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000, 0)
           end as lag_ms`.execute(db);
  const row = rows[0]!;
  if (!row.recovering || row.replayed === null) throw new Error('not a replica: pg_is_in_recovery() is false');
  return { replayed: parseWalPosition(row.replayed), lagMs: Math.max(0, Math.round(Number(row.lag_ms))) };
}
