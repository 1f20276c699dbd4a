import type { Logger } from 'pino';
import type { Config } from './config.js';
import { seedOnFirstStart } from './content/bootstrap.js';
import { openDatabase, targetFromConfig, type DatabaseHandle } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';

/**
 * Everything the gateway does before it serves: open the configured database, migrate it,
 * load the demo content on first start, and hand back the handle requests will use.
 */
export async function prepareDatabase(config: Config, logger: Logger): Promise<DatabaseHandle> {
  const target = targetFromConfig(config, 'the gateway');
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
  return openDatabase({
    ...target,
    statementTimeoutMs: config.statementTimeoutMs,
    connectTimeoutMs: config.connectTimeoutMs,
  });
}
