import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { seedOnFirstStart } from './content/bootstrap.js';
import { openDatabase, targetFromConfig, type DatabaseHandle, type DatabaseTarget } from './db/connect.js';
import { replicaName, watchReadReplicas, type ReadReplicas } from './db/read-replicas.js';
import { migrateToLatest } from './db/migrate.js';

/**
 * A migrated empty PGlite data folder made by `npm run build` next to dist/main.js. A first start
 * on an empty folder copies it rather than run PGlite's initdb and every migration (seconds).
 * Migrations still run after it: anything newer than the template is applied as usual.
 */
export const PGLITE_TEMPLATE_FOLDER = 'pglite-template';

function withTemplate(target: DatabaseTarget): DatabaseTarget {
  const templateDir = fileURLToPath(new URL(`./${PGLITE_TEMPLATE_FOLDER}/`, import.meta.url));
  // Under tsx there is no build, hence no template: PGlite creates the database itself.
  return target.kind === 'pglite' && existsSync(templateDir) ? { ...target, templateDir } : target;
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
  const target = withTemplate(targetFromConfig(config, 'the gateway'));
  // Migrations and the first-start import may run longer than any request may: on PostgreSQL
  // they get a connection of their own, without the timeouts of the serving pool.
  const setup = await openDatabase(target.kind === 'postgres' ? { ...target, poolSize: 1 } : target);
  logger.info(target.kind === 'postgres' ? 'database: PostgreSQL (DATABASE_URL)' : `database: embedded PGlite in ${config.dataDir}`);
  try {
    const applied = await migrateToLatest(setup.db);
    for (const migration of applied) logger.info(`migration ${migration.migrationName}: ${migration.status}`);
    if (config.seedDemo) await seedOnFirstStart(setup.db, (line) => logger.info(line));
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
