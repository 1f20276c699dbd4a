import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { openDatabase, type DatabaseTarget } from '../src/db/connect.js';
import { migratedPgliteDump } from './support/database.js';
import { describe, expect, test } from './support/gateway.js';

// DB_RANDOM_PAGE_COST and the plan cache mode reach every session the gateway opens, on either database.

const serverUrl = process.env.TEST_DATABASE_URL;
// On PGlite, loaded from the run's template: creating one anew (initdb) takes seconds.
const target = async (randomPageCost: number): Promise<DatabaseTarget> =>
  serverUrl
    ? { kind: 'postgres', url: serverUrl, poolSize: 2, randomPageCost }
    : { kind: 'pglite', dataDir: 'memory://', loadDataDir: await migratedPgliteDump(), randomPageCost };

async function plannerCost(randomPageCost: number): Promise<string> {
  const database = await openDatabase(await target(randomPageCost));
  try {
    const { rows } = await sql<{ random_page_cost: string }>`show random_page_cost`.execute(database.db);
    return rows[0]!.random_page_cost;
  } finally {
    await database.close();
  }
}

describe('database sessions', () => {
  test('plan with DB_RANDOM_PAGE_COST (1.1 by default); 0 keeps the server value', async () => {
    expect(loadConfig({}).randomPageCost).toBe(1.1);
    expect(await plannerCost(1.1)).toBe('1.1');
    expect(await plannerCost(0)).toBe('4'); // PostgreSQL's own default
    expect(() => loadConfig({ DB_RANDOM_PAGE_COST: 'fast' })).toThrow(/DB_RANDOM_PAGE_COST/);
  });

  test('with optimisations (the default), a prepared statement keeps its generic plan', async () => {
    const database = await openDatabase(await target(1.1));
    try {
      const { rows } = await sql<{ plan_cache_mode: string }>`show plan_cache_mode`.execute(database.db);
      expect(rows[0]!.plan_cache_mode).toBe('force_generic_plan');
    } finally {
      await database.close();
    }
  });
});

describe.skipIf(!serverUrl)('database sessions behind a pooler (DB_PREPARED_STATEMENTS=false)', () => {
  test('no startup parameter is sent and no statement is prepared by name: the server keeps its settings', async () => {
    const database = await openDatabase({ kind: 'postgres', url: serverUrl!, poolSize: 1, randomPageCost: 1.1, preparedStatements: false });
    try {
      // Twice, on the one connection: a named statement would be listed the second time.
      for (let run = 0; run < 2; run += 1) await sql`select ${run}::int as run`.execute(database.db);
      const prepared = await sql<{ name: string }>`select name from pg_prepared_statements`.execute(database.db);
      expect(prepared.rows).toEqual([]);
      const { rows } = await sql<{ random_page_cost: string; plan_cache_mode: string }>`
        select current_setting('random_page_cost') as random_page_cost, current_setting('plan_cache_mode') as plan_cache_mode`.execute(database.db);
      expect(rows[0]).toEqual({ random_page_cost: '4', plan_cache_mode: 'auto' });
      expect(loadConfig({ DB_PREPARED_STATEMENTS: 'false' }).preparedStatements).toBe(false);
    } finally {
      await database.close();
    }
  });
});
