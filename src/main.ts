import type { AddressInfo } from 'node:net';
import { loadConfig } from './config.js';
import { createGracefulServer } from './graceful-server.js';
import { createLogger } from './logger.js';
import { checkPortFree, openReadReplicas, prepareDatabase } from './startup.js';
import { createWebhookWorker } from './webhooks/worker.js';
import { createGateway } from './yoga.js';

// Listens, and stops on SIGTERM/SIGINT: no new connections, in-flight requests answered with
// `Connection: close`, everything cut after SHUTDOWN_TIMEOUT_MS; then the database is closed
// (PGlite must close cleanly for nothing to be lost). The webhook worker starts once the server
// listens and stops, its deliveries under way finished, before the database closes. A start-up
// failure is one line, exit 1.

function failedToStart(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`The gateway could not start: ${message.replace(/\s*\n\s*/g, '; ')}`);
  process.exit(1);
}

const config = (() => {
  try {
    return loadConfig();
  } catch (error) {
    return failedToStart(error);
  }
})();
const logger = createLogger(config);
/** What a failure to listen means to the operator. */
const listenFailure = (error: NodeJS.ErrnoException) =>
  error.code === 'EADDRINUSE' ? `${config.host}:${config.port} is already in use (another gateway?): stop it, or set PORT to a free port` : error;
// A taken port is said at once, not after the database was opened and migrated.
await checkPortFree(config.host, config.port).catch((error: NodeJS.ErrnoException) => failedToStart(listenFailure(error)));
const database = await prepareDatabase(config, logger).catch(failedToStart);
const replicas = await openReadReplicas(config, logger).catch(failedToStart);
const gateway = createGateway({ database, replicas, logger, settings: config });
const { server, shutdown } = createGracefulServer(gateway);
// Delivers the webhook outbox; what it has not sent when the gateway stops stays queued.
const webhookWorker = config.webhooks.worker ? createWebhookWorker(database.db, logger, config.webhooks.delivery) : null;

server.once('error', async (error: NodeJS.ErrnoException) => {
  await replicas?.close();
  await database.close();
  failedToStart(listenFailure(error));
});
server.listen(config.port, config.host, () => {
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
  logger.info(`GraphiQL ready at http://${host}:${port}/graphql`);
  webhookWorker?.start();
});

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info(`${signal}: finishing in-flight requests (at most ${config.shutdownTimeoutMs} ms)`);
  const { forced } = await shutdown(config.shutdownTimeoutMs);
  if (forced) logger.warn('drain time over: the remaining connections were closed');
  await webhookWorker?.stop();
  await gateway.dispose();
  await replicas?.close();
  await database.close();
  logger.info('stopped cleanly');
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
