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
import { startReplicatedCluster, type ReplicatedCluster } from './support/replicated-cluster.js';

// Reads on a real streaming replica, writes on its primary: routing, read-your-writes, a
// replica too far behind, and either server stopped. The cluster is the test's own.

const skip = reportSkip('read-replicas.test.ts', skipReason({ programs: ['initdb', 'pg_ctl', 'pg_basebackup', 'psql'] }));
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

  const open = (url: string) => openDatabase({ kind: 'postgres', url, poolSize: 2, connectTimeoutMs: 1_000 });

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
