import { readFile } from 'node:fs/promises';
import pg from 'pg';
import type { DatabaseTarget } from '../src/db/connect.js';

// PostgreSQL's own CPU, read from /proc: the user + system time of the server processes that
// serve the bench database (its backends, one per pooled connection of the server under load).
// A server's Node CPU says nothing of the work it hands to PostgreSQL; this does. Only for a
// PostgreSQL on this machine; on PGlite the database runs inside the server process.

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU ticks per backend process, at one moment. */
export type CpuSample = Map<number, number>;

export interface DatabaseCpu {
  sample(): Promise<CpuSample>;
  close(): Promise<void>;
}

async function ticksOf(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
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
        const ticks = await ticksOf(pid);
        if (ticks !== null) sample.set(pid, ticks);
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
  let ticks = 0;
  for (const [pid, now] of after) ticks += now - (before.get(pid) ?? 0);
  return (ticks / TICKS_PER_SECOND) * 1000;
}
