// `npm run bench:garbage`: what finished `list` requests leave that only a full collection frees.
// A finished request must be garbage that V8's young collections can free. When something of it
// stays reachable from the old generation (a WeakMap entry whose value leads back to its key, an
// object literal's own getters...), the whole request survives every young collection until the
// next full one: under load each collection then copies and promotes megabytes, and its pauses
// become the tail of every request's latency. Forty requests left 7-8 MB that way before the
// fixes of src/context.ts, src/schema/pagination.ts and patches/@pothos+core+*.patch, about 1 MB
// after. On PGlite in a temporary folder with the demo content, or on DATABASE_URL.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { prepareDatabase } from '../src/startup.js';
import { createGateway } from '../src/yoga.js';
import { LIST_QUERY } from './scenarios.js';

type CollectGarbage = (options?: { type: 'minor' | 'major' }) => void;

const WARM_UP_REQUESTS = 20;
const REQUESTS = 40;
const ROUNDS = 3;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as CollectGarbage;
const heapUsedMb = () => getHeapStatistics().used_heap_size / 1e6;

const dataDir = await mkdtemp(path.join(tmpdir(), 'gateway-garbage-'));
const config = loadConfig({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'error', RATE_LIMIT: 'false', RESPONSE_CACHE: 'false' });
const logger = createLogger(config);
const database = await prepareDatabase(config, logger);
try {
  const gateway = createGateway({ database, logger, settings: config });
  const list = async () => {
    const response = await gateway.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: LIST_QUERY }),
    });
    const text = await response.text();
    if (!text.startsWith('{"data"')) throw new Error(`list failed: ${text.slice(0, 300)}`);
  };
  for (let request = 0; request < WARM_UP_REQUESTS; request++) await list();
  const left: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    collectGarbage();
    for (let request = 0; request < REQUESTS; request++) await list();
    collectGarbage({ type: 'minor' });
    collectGarbage({ type: 'minor' });
    const afterYoungCollections = heapUsedMb();
    collectGarbage();
    left.push(afterYoungCollections - heapUsedMb());
  }
  console.log(
    `${REQUESTS} list requests, then two young collections: a full collection frees ${left.map((mb) => mb.toFixed(1)).join(', ')} MB ` +
      `(${ROUNDS} rounds; about 1 MB expected, 7-8 MB when finished requests outlive young collections).`,
  );
} finally {
  await database.close();
  await rm(dataDir, { recursive: true, force: true });
}
