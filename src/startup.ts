import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { seedOnFirstStart } from './content/bootstrap.js';
import { openDatabase, targetFromConfig, type DatabaseHandle, type DatabaseTarget } from './db/connect.js';
import { replicaName, watchReadReplicas, type ReadReplicas } from './db/read-replicas.js';
import { migrateToLatest } from './db/migrate.js';

/**
 * PGlite data folders made by `npm run build` next to dist/main.js: migrated and empty, and the
 * same with the first start's content loaded (src/content/bootstrap.ts). A first start on an
 * empty folder copies one of them rather than run PGlite's initdb, every migration and the
 * import (seconds). Migrations still run after it: anything newer than the template is applied.
 */
export const PGLITE_TEMPLATE_FOLDER = 'pglite-template';
export const PGLITE_SEEDED_TEMPLATE_FOLDER = 'pglite-template-seeded';
/** Beside the seeded template: the line its import logged, logged again by the first start that copies it. */
export const SEEDED_TEMPLATE_LOG = `${PGLITE_SEEDED_TEMPLATE_FOLDER}.log`;

const besideTheCode = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));

/** The target with the template a first start copies, and the line to log when it does; none under tsx (no build). */
function withTemplate(target: DatabaseTarget, seeded: boolean): { target: DatabaseTarget; firstStartLog: string | null } {
  const templateDir = besideTheCode(seeded ? PGLITE_SEEDED_TEMPLATE_FOLDER : PGLITE_TEMPLATE_FOLDER);
  if (target.kind !== 'pglite' || !existsSync(templateDir)) return { target, firstStartLog: null };
  const firstStart = !existsSync(path.join(target.dataDir, 'PG_VERSION'));
  const firstStartLog = firstStart && seeded ? readFileSync(besideTheCode(SEEDED_TEMPLATE_LOG), 'utf8').trim() : null;
  return { target: { ...target, templateDir }, firstStartLog };
}

/**
 * Rejects with the listening error (EADDRINUSE...) when `host:port` cannot be bound, so that the
 * gateway refuses before it opens and migrates the database (seconds, minutes for a long
 * migration). The server binds for real once the database is ready: were the port taken in
 * between, that bind fails with the same error.
 */
export function checkPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/**
 * Everything the gateway does before it serves: open the configured database, migrate it,
 * load the demo content on first start, and hand back the handle requests will use.
 */
export async function prepareDatabase(config: Config, logger: Logger): Promise<DatabaseHandle> {
  const { target, firstStartLog } = withTemplate(targetFromConfig(config, 'the gateway'), config.seedDemo);
  // Migrations and the first-start import may run longer than any request may: on PostgreSQL
  // they get a connection of their own, without the timeouts of the serving pool.
  const setup = await openDatabase(target.kind === 'postgres' ? { ...target, poolSize: 1 } : target);
  logger.info(target.kind === 'postgres' ? 'database: PostgreSQL (DATABASE_URL)' : `database: embedded PGlite in ${config.dataDir}`);
  try {
    const applied = await migrateToLatest(setup.db);
    for (const migration of applied) logger.info(`migration ${migration.migrationName}: ${migration.status}`);
    if (firstStartLog) logger.info(firstStartLog);
    else if (config.seedDemo) await seedOnFirstStart(setup.db, (line) => logger.info(line));
  } catch (error) {
    await setup.close();
    throw error;
  }
  if (target.kind !== 'postgres') return setup;
  await setup.close();
  return openDatabase(servingTarget(config, target.url));
}

/** A PostgreSQL database the gateway serves requests from: the pool and timeouts of the configuration. */
function servingTarget(config: Config, url: string): DatabaseTarget {
  const target = targetFromConfig({ ...config, databaseUrl: url });
  return target.kind === 'postgres' ? { ...target, statementTimeoutMs: config.statementTimeoutMs, connectTimeoutMs: config.connectTimeoutMs } : target;
}

/**
 * The replicas of DATABASE_READ_URLS, with the serving pool's settings; null when there are
 * none, or on PGlite (one embedded database has no replicas).
 */
export async function openReadReplicas(config: Config, logger: Logger): Promise<ReadReplicas | null> {
  if (!config.readUrls.length) return null;
  if (!config.databaseUrl) {
    logger.warn('DATABASE_READ_URLS is ignored without DATABASE_URL: the embedded database has no replicas');
    return null;
  }
  const handles = new Map<string, DatabaseHandle>();
  for (const url of config.readUrls) handles.set(url, await openDatabase(servingTarget(config, url)));
  logger.info(`read replicas: ${config.readUrls.map(replicaName).join(', ')} (queries; mutations on DATABASE_URL)`);
  return watchReadReplicas(handles, { maxLagMs: config.replicaMaxLagMs, checkIntervalMs: config.replicaCheckIntervalMs });
}
