import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from './config.js';
import { seedOnFirstStart } from './content/bootstrap.js';
import { openDatabase, targetFromConfig, type DatabaseHandle } from './db/connect.js';
import { DataDirInUseError } from './db/data-dir-lock.js';
import { migrateToLatest } from './db/migrate.js';
import { createLogger } from './logger.js';
import { createGateway } from './yoga.js';

// Starts the gateway: database, migrations, demo content on first start, then HTTP.
// SIGTERM/SIGINT stop taking connections, let in-flight requests finish, then close the
// database (PGlite must close cleanly for nothing to be lost).

const config = loadConfig();
const logger = createLogger(config);
const target = targetFromConfig(config, 'the gateway');
// Migrations and the first-start import may run longer than any request may: on PostgreSQL
// they get a connection of their own, without the statement timeout of the serving pool.
let setup: DatabaseHandle;
try {
  setup = await openDatabase(target.kind === 'postgres' ? { ...target, poolSize: 1 } : target);
} catch (error) {
  // Another gateway or a script owns the PGlite folder: one line, no stack trace.
  if (!(error instanceof DataDirInUseError)) throw error;
  logger.fatal(error.message);
  process.exit(1);
}
logger.info(target.kind === 'postgres' ? 'database: PostgreSQL (DATABASE_URL)' : `database: embedded PGlite in ${config.dataDir}`);

const applied = await migrateToLatest(setup.db);
for (const migration of applied) logger.info(`migration ${migration.migrationName}: ${migration.status}`);
if (config.seedDemo) await seedOnFirstStart(setup.db, (line) => logger.info(line));

let database = setup;
if (target.kind === 'postgres') {
  await setup.close();
  database = await openDatabase({ ...target, statementTimeoutMs: config.statementTimeoutMs, connectTimeoutMs: config.connectTimeoutMs });
}

const gateway = createGateway({ database, logger, settings: config });
const server = createServer(gateway);
server.listen(config.port, config.host, () => {
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
  logger.info(`GraphiQL ready at http://${host}:${port}/graphql`);
});

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info(`${signal}: finishing in-flight requests`);
  server.close(async () => {
    await gateway.dispose();
    await database.close();
    logger.info('stopped cleanly');
    process.exit(0);
  });
  server.closeIdleConnections();
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
