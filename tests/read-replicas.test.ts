import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pino from 'pino';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateApiKey } from '../src/auth/api-key.js';
import { importContent } from '../src/content/importer.js';
import { openDatabase, type DatabaseHandle } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { watchReadReplicas, type ReadReplicas } from '../src/db/read-replicas.js';
import { parseWalPosition, primaryWalPosition } from '../src/db/wal-position.js';
import { insertApiKey } from '../src/repositories/api-key.js';
import { createGateway, type Gateway } from '../src/yoga.js';
import { readSeedContent, testSettings } from './support/gateway.js';
import { reportSkip, skipReason } from './support/postgres-binaries.js';
import { openTestRedis, redisMissing, serviceAvailable } from './support/services.js';
import { startReplicatedCluster, type ReplicatedCluster } from './support/replicated-cluster.js';

// Reads on a real streaming replica, writes on its primary: routing, read-your-writes, a
// replica too far behind, and either server stopped. The cluster is the test's own.

const skip = reportSkip('read-replicas.test.ts', skipReason({ programs: ['initdb', 'pg_ctl', 'pg_basebackup', 'psql'] }));
// The three-gateway test shares Redis: asked only where the file runs at all.
const withRedis = !skip && serviceAvailable(redisMissing('tests/read-replicas.test.ts'));
const SLUG = 'ia-mega-data-center-valence-sesterce';
const titleQuery = /* GraphQL */ `query ($slug: String!) { article(slug: $slug) { id title version } }`;
const updateArticle = /* GraphQL */ `
  mutation ($input: UpdateArticleInput!) { updateArticle(input: $input) { article { title version } errors { code } } }
`;

interface Served {
  body: any;
  status: number;
  onPrimary: number;
  onReplica: number;
}

describe.skipIf(skip)('read replicas (DATABASE_READ_URLS)', () => {
  let cluster: ReplicatedCluster;
  let primary: DatabaseHandle;
  let replica: DatabaseHandle;
  let replicas: ReadReplicas;
  let gateway: Gateway;
  let editor: string;

  // Pools large enough for three gateways' replica checks at once on a busy machine.
  const open = (url: string) => openDatabase({ kind: 'postgres', url, poolSize: 6, connectTimeoutMs: 5_000 });

  beforeAll(async () => {
    cluster = await startReplicatedCluster();
    primary = await open(cluster.primaryUrl);
    await migrateToLatest(primary.db);
    await importContent(primary.db, await readSeedContent());
    const key = generateApiKey();
    await insertApiKey(primary.db, { name: 'editor', prefix: key.prefix, hash: key.hash, scopes: ['editor'] });
    editor = key.key;
    replica = await open(cluster.replicaUrl);
    // No timer: each test measures the replica when it needs to (as /readyz does).
    replicas = watchReadReplicas(new Map([[cluster.replicaUrl, replica]]), { maxLagMs: 60_000, checkIntervalMs: 0 });
    await caughtUp(replicas);
    gateway = createGateway({ database: primary, replicas, logger: pino({ level: 'silent' }), settings: testSettings() });
  });

  afterAll(async () => {
    await gateway?.dispose();
    await replicas?.close();
    await primary?.close();
    await cluster?.close();
  });

  /** Waits until the replica has replayed everything the primary wrote so far. */
  async function caughtUp(watched: ReadReplicas) {
    const target = await primaryWalPosition(primary.db);
    for (let attempt = 0; attempt < 100; attempt += 1) {
      await watched.check();
      const [status] = watched.status();
      if (status?.health === 'ok' && parseWalPosition(status.replayed!) >= target) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the replica did not catch up');
  }

  async function send(on: Gateway, query: string, variables: Record<string, unknown>, key?: string): Promise<Served> {
    const [primaryBefore, replicaBefore] = [primary.statementCount, replica.statementCount];
    const response = await on.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: await response.json(), onPrimary: primary.statementCount - primaryBefore, onReplica: replica.statementCount - replicaBefore };
  }

  const readTitle = (key?: string) => send(gateway, titleQuery, { slug: SLUG }, key);
  async function rename(title: string) {
    const { body } = await readTitle(editor);
    return send(gateway, updateArticle, { input: { id: body.data.article.id, version: body.data.article.version, title } }, editor);
  }
  const readiness = async () => {
    const response = await gateway.fetch('http://gateway/readyz');
    return { status: response.status, body: await response.json() };
  };

  test('a query is answered by the replica, a mutation and its payload by the primary', async () => {
    const read = await readTitle();
    expect(read.body.data.article.title).toBeTruthy();
    expect(read.onReplica).toBeGreaterThan(0);
    expect(read.onPrimary).toBe(0);

    const written = await rename('Titre écrit sur le primaire');
    expect(written.body.data.updateArticle).toEqual({ article: { title: 'Titre écrit sur le primaire', version: expect.any(Number) }, errors: [] });
    expect(written.onPrimary).toBeGreaterThan(0);
    await caughtUp(replicas);
  });

  test('read-your-writes: with replay paused, the writer reads its write from the primary, others the replica as it is', async () => {
    const before = (await readTitle()).body.data.article.title;
    await sql`select pg_wal_replay_pause()`.execute(replica.db);
    try {
      await rename('Titre pendant la pause');
      // The paused replica cannot have it: the article came from the primary (the key was looked up on the replica).
      const writer = await readTitle(editor);
      expect(writer.body.data.article.title).toBe('Titre pendant la pause');
      expect(writer.onPrimary).toBeGreaterThan(0);
      const other = await readTitle();
      expect(other.body.data.article.title).toBe(before);
      expect(other.onReplica).toBeGreaterThan(0);
    } finally {
      await sql`select pg_wal_replay_resume()`.execute(replica.db);
    }
    await caughtUp(replicas);
    const other = await readTitle();
    expect(other.body.data.article.title).toBe('Titre pendant la pause');
    expect(other.onReplica).toBeGreaterThan(0);
    // Caught up: the writer is back on the replica too.
    expect((await readTitle(editor)).onReplica).toBeGreaterThan(0);
  });

  test('a replica further behind than DB_REPLICA_MAX_LAG_MS is skipped and /readyz says so', async () => {
    const strictReplica = await open(cluster.replicaUrl);
    const strict = watchReadReplicas(new Map([[cluster.replicaUrl, strictReplica]]), { maxLagMs: 100, checkIntervalMs: 0 });
    const strictGateway = createGateway({ database: primary, replicas: strict, logger: pino({ level: 'silent' }), settings: testSettings() });
    await sql`select pg_wal_replay_pause()`.execute(replica.db);
    try {
      await rename('Titre en retard');
      // The write reaches the replica, which does not replay it: its lag grows past 100 ms.
      let health = 'ok';
      for (let attempt = 0; attempt < 50 && health !== 'lagging'; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        await strict.check();
        health = strict.status()[0]!.health;
      }
      expect(health).toBe('lagging');
      const ready = await strictGateway.fetch('http://gateway/readyz');
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        ready: true,
        primary: 'up',
        replicas: [expect.objectContaining({ name: expect.stringContaining('127.0.0.1:'), health: 'lagging', lagMs: expect.any(Number) })],
      });
      const [primaryBefore, replicaBefore] = [primary.statementCount, strictReplica.statementCount];
      const response = await strictGateway.fetch('http://gateway/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: titleQuery, variables: { slug: SLUG } }),
      });
      expect((await response.json()).data.article.title).toBe('Titre en retard');
      expect(primary.statementCount).toBeGreaterThan(primaryBefore);
      expect(strictReplica.statementCount).toBe(replicaBefore);
    } finally {
      await sql`select pg_wal_replay_resume()`.execute(replica.db);
      await strictGateway.dispose();
      await strict.close();
    }
    await caughtUp(replicas);
  });

  test.runIf(withRedis)('three gateways, one Redis, one replica, round-robin: a write through one is seen everywhere, nothing stale is cached, rate limits are shared', async () => {
    const prefix = `cgw-scale-${randomBytes(4).toString('hex')}:`;
    const ownRedis = await openTestRedis();
    const REDIS_URL = ownRedis.url;
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    await redis.connect();
    const settings = testSettings({ REDIS_URL, REDIS_KEY_PREFIX: prefix, RESPONSE_CACHE: 'true', RATE_LIMIT: 'true' });
    // Each gateway watches the replica through its own pool, as separate processes would.
    const watched = await Promise.all([1, 2, 3].map(async () => watchReadReplicas(new Map([[cluster.replicaUrl, replica]]), { maxLagMs: 60_000, checkIntervalMs: 0 })));
    const gateways = watched.map((own) => createGateway({ database: primary, replicas: own, logger: pino({ level: 'silent' }), settings }));
    const checkAll = () => Promise.all(watched.map((own) => own.check()));
    let turn = 0;
    const roundRobin = (query: string, variables: Record<string, unknown>, key?: string) => send(gateways[turn++ % gateways.length]!, query, variables, key);
    const summary: string[] = [];
    try {
      await checkAll();
      // Cached once, answered by all three from Redis: no statement anywhere.
      const first = await roundRobin(titleQuery, { slug: SLUG });
      const hits = await Promise.all([roundRobin(titleQuery, { slug: SLUG }), roundRobin(titleQuery, { slug: SLUG })]);
      expect(hits.map((hit) => hit.onPrimary + hit.onReplica)).toEqual([0, 0]);
      expect(hits.map((hit) => hit.body.data.article.title)).toEqual([first.body.data.article.title, first.body.data.article.title]);
      summary.push(`cache shared: 1 miss, ${hits.length} hits from the other gateways`);

      // The write goes through gateway 1 while the replica replays nothing.
      await sql`select pg_wal_replay_pause()`.execute(replica.db);
      try {
        const { id, version } = first.body.data.article;
        turn = 0;
        const written = await roundRobin(updateArticle, { input: { id, version, title: 'Titre à travers trois passerelles' } }, editor);
        expect(written.body.data.updateArticle.errors).toEqual([]);
        // The writer, through gateways 2 and 3: its write, from the primary (its position is in Redis).
        const writerReads = await Promise.all([roundRobin(titleQuery, { slug: SLUG }, editor), roundRobin(titleQuery, { slug: SLUG }, editor)]);
        expect(writerReads.map((read) => read.body.data.article.title)).toEqual(['Titre à travers trois passerelles', 'Titre à travers trois passerelles']);
        // Another client: the paused replica's old title, served but never cached (asked twice, read twice).
        const others = [await roundRobin(titleQuery, { slug: SLUG }), await roundRobin(titleQuery, { slug: SLUG })];
        expect(others.map((read) => read.body.data.article.title)).toEqual([first.body.data.article.title, first.body.data.article.title]);
        expect(others.map((read) => read.onReplica > 0)).toEqual([true, true]);
      } finally {
        await sql`select pg_wal_replay_resume()`.execute(replica.db);
      }
      await caughtUp(replicas);
      await checkAll();
      const after = await Promise.all(gateways.map((gateway) => send(gateway, titleQuery, { slug: SLUG })));
      expect(after.map((read) => read.body.data.article.title)).toEqual(Array(3).fill('Titre à travers trois passerelles'));
      summary.push('after the write: the writer read it through the other gateways at once; others once the replica replayed it; no stale entry cached');

      // A key allowed 4 requests a window, spread over the three gateways: the 5th is refused wherever it lands.
      const limited = generateApiKey();
      await insertApiKey(primary.db, { name: 'limited', prefix: limited.prefix, hash: limited.hash, scopes: ['read'], rate_limit: 4 });
      const statuses: number[] = [];
      for (let request = 0; request < 6; request += 1) statuses.push((await roundRobin(`{ __typename }`, {}, limited.key)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
      summary.push(`rate limit shared: ${statuses.join(' ')} for a key allowed 4, round-robin over 3 gateways`);
      console.log(`three gateways:\n  ${summary.join('\n  ')}`);
    } finally {
      await Promise.all(gateways.map((gateway) => gateway.dispose()));
      // The watchers have no timer to stop; the replica's pool is the file's and stays open.
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(keys);
      redis.disconnect();
      await ownRedis.stop();
    }
  });

  test('replica stopped: queries go to the primary and /readyz lists it down; back, it serves again', async () => {
    await cluster.stopReplica();
    expect(await readiness()).toEqual({
      status: 200,
      body: { ready: true, primary: 'up', replicas: [expect.objectContaining({ health: 'down', error: expect.any(String) })] },
    });
    const read = await readTitle();
    expect(read.status).toBe(200);
    expect(read.body.data.article.title).toBeTruthy();
    expect(read.onPrimary).toBeGreaterThan(0);

    await cluster.startReplica();
    await caughtUp(replicas);
    expect((await readTitle()).onReplica).toBeGreaterThan(0);
  });

  test('primary stopped: a mutation fails with SERVICE_UNAVAILABLE, writing nothing; the replica still answers queries', async () => {
    const before = (await readTitle()).body.data.article;
    await cluster.stopPrimary();
    const refused = await send(gateway, updateArticle, { input: { id: before.id, version: before.version, title: 'Jamais écrit' } }, editor);
    expect(refused.status).toBe(503);
    expect(refused.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');

    const read = await readTitle();
    expect(read.status).toBe(200);
    expect(read.body.data.article.title).toBe(before.title);
    expect(read.onReplica).toBeGreaterThan(0);
    const keyed = await readTitle(editor);
    expect(keyed.body.data.article.title).toBe(before.title);
    expect(await readiness()).toEqual({ status: 200, body: { ready: true, primary: 'down', replicas: [expect.objectContaining({ health: 'ok' })] } });
  });
});
