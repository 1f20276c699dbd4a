import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Config } from '../src/config.js';
import type { DatabaseTarget } from '../src/db/connect.js';

// The bench never touches the database the gateway or the tests use: on PostgreSQL it has its
// own database on the same server, on PGlite its own folder per corpus size in bench/data/
// (git-ignored; not under DATA_DIR, which is the gateway's own PGlite folder). Both are kept
// between runs so that the corpus is built once. It holds nothing but synthetic rows, so it can be
// dropped and built again whenever it no longer fits the code.

// BENCH_DATABASE names another one, for benches of different code (other migrations) side by
// side; it is an identifier, so it must be a plain lower-case name.
export const BENCH_DATABASE_NAME = benchDatabaseName(process.env.BENCH_DATABASE ?? 'gateway_bench');

function benchDatabaseName(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`BENCH_DATABASE must be a lower-case identifier, got "${name}".`);
  return name;
}

export interface BenchDatabase {
  target: DatabaseTarget;
  /** Empties it: dropped and created again, or its folder removed. */
  recreate(): Promise<void>;
}

// On the server's own database: statements about the bench database cannot run inside it.
async function onServer<T>(serverUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

const PGLITE_FOLDER = new URL('./data/', import.meta.url);

export async function benchDatabase(config: Pick<Config, 'databaseUrl' | 'poolSize'>, articles: number): Promise<BenchDatabase> {
  const serverUrl = config.databaseUrl;
  if (!serverUrl) {
    const dataDir = fileURLToPath(new URL(`corpus-${articles}`, PGLITE_FOLDER));
    return { target: { kind: 'pglite', dataDir }, recreate: () => rm(dataDir, { recursive: true, force: true }) };
  }
  // Identifiers cannot be bound parameters; the name is the constant above.
  const create = (client: pg.Client) => client.query(`create database ${BENCH_DATABASE_NAME}`);
  const exists = await onServer(serverUrl, async (client) =>
    (await client.query('select 1 from pg_database where datname = $1', [BENCH_DATABASE_NAME])).rowCount === 1,
  );
  if (!exists) await onServer(serverUrl, create);
  const url = new URL(serverUrl);
  url.pathname = `/${BENCH_DATABASE_NAME}`;
  return {
    target: { kind: 'postgres', url: url.toString(), poolSize: config.poolSize },
    async recreate() {
      await onServer(serverUrl, async (client) => {
        await client.query(`drop database if exists ${BENCH_DATABASE_NAME} with (force)`);
        await create(client);
      });
    },
  };
}

/** "PostgreSQL 15.4 (gateway_bench on 127.0.0.1:5432, pool 10)" or "PGlite, PostgreSQL 18.1 (bench/data/corpus-20000)". */
export function describeTarget(target: DatabaseTarget, serverVersion: string): string {
  if (target.kind === 'postgres') {
    const url = new URL(target.url);
    return `PostgreSQL ${serverVersion.split(' ')[0]} (${BENCH_DATABASE_NAME} on ${url.host}, pool ${target.poolSize})`;
  }
  return `PGlite, PostgreSQL ${serverVersion} (${path.relative(process.cwd(), target.dataDir)})`;
}
