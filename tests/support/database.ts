import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/connect.js';

/** This run's migrated PGlite database as a dump, for `loadDataDir` (tests/support/global-setup.ts). */
export async function migratedPgliteDump(): Promise<Blob> {
  const template = inject('pgliteTemplate');
  if (!template) throw new Error('The PGlite template was not built: run the tests through vitest.');
  return new Blob([await readFile(template)]);
}

/**
 * A fresh, migrated database for one test file: PGlite loaded from the migrated template,
 * or, when TEST_DATABASE_URL is set, a new PostgreSQL database copied from the run's migrated
 * template database (tests/support/global-setup.ts), dropped again by `close`.
 */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    return openDatabase({ kind: 'pglite', dataDir: 'memory://', loadDataDir: await migratedPgliteDump() });
  }

  const template = inject('postgresTemplate');
  if (!template) throw new Error('The PostgreSQL template database was not built: run the tests through vitest.');
  const name = newDatabaseName('gateway_test');
  await onServer(serverUrl, `create database ${name} template ${template}`);
  const database = await openDatabase({ kind: 'postgres', url: databaseUrl(serverUrl, name), poolSize: 4 });
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

/** A database name of our own making (never user input: identifiers cannot be bound parameters). */
export const newDatabaseName = (prefix: string) => `${prefix}_${randomBytes(6).toString('hex')}`;

/** The URL of database `name` on the server of `serverUrl`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

// Statements that cannot run inside the database they act on, on names from newDatabaseName.
export async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
