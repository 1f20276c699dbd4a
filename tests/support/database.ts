import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';

/** This run's migrated PGlite database as a dump, for `loadDataDir` (tests/support/global-setup.ts). */
export async function migratedPgliteDump(): Promise<Blob> {
  const template = inject('pgliteTemplate');
  if (!template) throw new Error('The PGlite template was not built: run the tests through vitest.');
  return new Blob([await readFile(template)]);
}

/**
 * A fresh, migrated database for one test file: PGlite loaded from the migrated template,
 * or, when TEST_DATABASE_URL is set, a new PostgreSQL database dropped again by `close`.
 */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    return openDatabase({ kind: 'pglite', dataDir: 'memory://', loadDataDir: await migratedPgliteDump() });
  }

  const name = `gateway_test_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 });
  await migrateToLatest(database.db);
  return {
    ...database,
    get statementCount() {
      return database.statementCount;
    },
    async close() {
      await database.close();
      await onServer(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

// Statements that cannot run inside the database they act on. `name` is generated above,
// never user input, and identifiers cannot be bound parameters.
async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
