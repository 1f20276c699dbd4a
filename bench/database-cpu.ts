import pg from 'pg';
import type { DatabaseTarget } from '../src/db/connect.js';
import { cpuMicrosOf } from './process-stats.js';

// PostgreSQL's own CPU, read from /proc: the user + system time of the server processes that
// serve the bench database (its backends, one per pooled connection of the server under load).
// A server's Node CPU says nothing of the work it hands to PostgreSQL; this does. Only for a
// PostgreSQL on this machine; on PGlite the database runs inside the server process.

/** CPU microseconds per backend process, at one moment. */
export type CpuSample = Map<number, number>;

export interface DatabaseCpu {
  sample(): Promise<CpuSample>;
  close(): Promise<void>;
}

function cpuMicrosIfHere(pid: number): number | null {
  try {
    return cpuMicrosOf(pid);
  } catch {
    return null; // the backend ended meanwhile, or is not on this machine
  }
}

/** Null when the target's database does not run in processes of this machine (PGlite, or a remote server). */
export async function watchDatabaseCpu(target: DatabaseTarget): Promise<DatabaseCpu | null> {
  if (target.kind !== 'postgres') return null;
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  const database = new URL(target.url).pathname.slice(1);
  return {
    async sample() {
      // the backends of the bench database but this one
      const { rows } = await client.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [database],
      );
      const sample: CpuSample = new Map();
      for (const { pid } of rows) {
        const micros = cpuMicrosIfHere(pid);
        if (micros !== null) sample.set(pid, micros);
      }
      return sample;
    },
    close: () => client.end(),
  };
}

/**
 * Milliseconds of CPU between two samples. A backend that ended in between is missed (the pool
 * keeps its connections through a scenario); one that started counts whole.
 */
export function cpuMsBetween(before: CpuSample, after: CpuSample): number {
  let micros = 0;
  for (const [pid, now] of after) micros += now - (before.get(pid) ?? 0);
  return micros / 1000;
}
