import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string | null;
    pgliteTemplateDir: string | null;
  }
}

// Creating and migrating PGlite takes seconds; a migrated template, dumped once here and
// loaded by each test file, makes a fresh database per file cost well under a second. The same
// database as a closed data folder serves the servers and scripts tests start as processes
// (tests/support/server-process.ts: migratedDataDir).
export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('pgliteTemplate', null);
    project.provide('pgliteTemplateDir', null);
    return;
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
  return () => rm(folder, { recursive: true, force: true });
}
