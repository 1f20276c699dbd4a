import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { generateApiKey, type Scope } from '../src/auth/api-key.js';
import { loadConfig } from '../src/config.js';
import { importContent } from '../src/content/importer.js';
import { openDatabase, type DatabaseTarget } from '../src/db/connect.js';
import { createGracefulServer } from '../src/graceful-server.js';
import { insertApiKey } from '../src/repositories/api-key.js';
import { createGateway } from '../src/yoga.js';

// Child process of `npm run soak`: the gateway as deployed (NODE_ENV=production, the settings
// of the environment over the soak's own), on a corpus the soak prepared. It creates the API
// keys the load uses and reports them over IPC, then serves until told to stop (a message or
// SIGTERM: the exit code is 0 when in-flight requests drained in time, 3 when they were cut).

export type SoakKeys = Record<'read' | 'partner' | 'editor' | 'greedy', string>;
export type SoakChildMessage = { type: 'ready'; port: number; keys: SoakKeys } | { type: 'collected' };

const target = JSON.parse(process.argv[2]!) as DatabaseTarget;
const env = JSON.parse(process.argv[3]!) as Record<string, string>;
const config = loadConfig({ ...env, ...process.env });
const database = await openDatabase(
  target.kind === 'postgres' ? { ...target, statementTimeoutMs: config.statementTimeoutMs, connectTimeoutMs: config.connectTimeoutMs } : target,
);
// The GraphiQL example's story, for the share of requests that ask for it.
await importContent(database.db, JSON.parse(await readFile(new URL('../src/content/seed/seed-article.json', import.meta.url), 'utf8')));
// Long reads for the cache-filling attack: 30 published articles of 150 000 characters, the
// newest of all, so that a page of articles carries several megabytes.
await importContent(database.db, {
  articles: Array.from({ length: 30 }, (_, index) => ({
    slug: `soak-long-read-${index + 1}`,
    kind: 'expert',
    language: 'fr',
    title: `Lecture longue n° ${index + 1}`,
    body: 'Un très long texte sur les centres de données. '.repeat(3_200).slice(0, 150_000),
    publishedAt: new Date(Date.UTC(2099, 0, 1, 0, index)).toISOString(),
  })),
});

async function key(scopes: Scope[], rateLimit: number | null = null) {
  const material = generateApiKey();
  await insertApiKey(database.db, { name: `soak ${scopes.join('+')}`, prefix: material.prefix, hash: material.hash, scopes, rate_limit: rateLimit });
  return material.key;
}
const keys: SoakKeys = {
  read: await key(['read']),
  partner: await key(['partner']),
  editor: await key(['editor']),
  // A partner that asks too often: 20 requests a window.
  greedy: await key(['partner'], 20),
};

const logger = pino({ level: config.logLevel }, pino.destination(2));
const gateway = createGateway({ database, logger, settings: config });
const { server, shutdown } = createGracefulServer(gateway);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
process.send!({ type: 'ready', port: (server.address() as AddressInfo).port, keys } satisfies SoakChildMessage);

// Stopped as in production: drained within SHUTDOWN_TIMEOUT_MS, whatever the load.
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  const { forced } = await shutdown(config.shutdownTimeoutMs);
  await gateway.dispose();
  await database.close();
  process.exit(forced ? 3 : 0);
}
process.on('message', (message: { type: string }) => {
  if (message.type === 'stop') void stop();
  // Memory figures without the garbage not yet collected (the soak starts us with --expose-gc).
  if (message.type === 'collect') {
    (globalThis as { gc?: () => void }).gc?.();
    process.send!({ type: 'collected' } satisfies SoakChildMessage);
  }
});
process.on('disconnect', () => void stop());
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
