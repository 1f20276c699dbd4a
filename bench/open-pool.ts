import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import pg from 'pg';
import type { DatabaseTarget } from '../src/db/connect.js';

export interface OpenPool {
  pool: pg.Pool;
  close(): Promise<void>;
}

/**
 * A plain pg.Pool on the bench database, built without the gateway's code: for the baseline,
 * and for reading plans. On PGlite it is the same node-postgres adapter the gateway uses; the
 * extensions are loaded because the migrated catalog refers to them.
 */
export async function openPool(target: DatabaseTarget): Promise<OpenPool> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize });
    return { pool, close: () => pool.end() };
  }
  const pglite = await PGlite.create(target.dataDir, { extensions: { unaccent, pg_trgm } });
  const pool = new pg.Pool(createPgConfig(pglite));
  return {
    pool,
    async close() {
      await pool.end();
      await pglite.close();
    },
  };
}
