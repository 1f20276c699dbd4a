import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { databaseUrl, newDatabaseName, onServer } from './database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string | null;
    pgliteTemplateDir: string | null;
    postgresTemplate: string | null;
  }
}

// Creating and migrating a database takes seconds on PGlite (a third of a second on
// PostgreSQL): it is done once here, and each test file copies the result. On PGlite, a dump
// loaded by each file (well under a second), and the same database as a closed data folder for
// the servers and scripts tests start as processes (tests/support/server-process.ts:
// migratedDataDir); on PostgreSQL, a template database (`create database ... template`).
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = newDatabaseName('gateway_template');
    await onServer(serverUrl, `create database ${name}`);
    const template = await openDatabase({ kind: 'postgres', url: databaseUrl(serverUrl, name), poolSize: 1 });
    try {
      await migrateToLatest(template.db);
    } finally {
      // A template must have no session left for databases to be copied from it.
      await template.close();
    }
    project.provide('pgliteTemplate', null);
    project.provide('pgliteTemplateDir', null);
    project.provide('postgresTemplate', name);
    return () => onServer(serverUrl, `drop database if exists ${name} with (force)`);
  }
  const folder = await mkdtemp(path.join(tmpdir(), 'gateway-tests-'));
  const database = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  await migrateToLatest(database.db);
  const dump = await database.dump!();
  await database.close();
  const file = path.join(folder, 'migrated.tar.gz');
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  const dataDir = path.join(folder, 'migrated');
  await (await openDatabase({ kind: 'pglite', dataDir, loadDataDir: dump })).close();
  project.provide('pgliteTemplate', file);
  project.provide('pgliteTemplateDir', dataDir);
  project.provide('postgresTemplate', null);
  return () => rm(folder, { recursive: true, force: true });
}
