import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { importContent } from '../src/content/importer.js';
import { openDatabase, type DatabaseHandle } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createErrorMasker } from '../src/mask-error.js';
import { createGateway, type Gateway } from '../src/yoga.js';
import { describe, expect, readSeedContent, test, testSettings } from './support/gateway.js';
import { codeOf, postGraphQL, send } from './support/http.js';
import { startTcpProxy } from './support/tcp-proxy.js';

// The database goes away: the process stays up, /readyz says 503, queries get a clear
// SERVICE_UNAVAILABLE (HTTP 503, Retry-After), cached results are still served, and all of it
// recovers by itself. On a real PostgreSQL (TEST_DATABASE_URL) through a proxy the test cuts,
// and with pg_terminate_backend; a port nobody listens on needs no server.

const serverUrl = process.env.TEST_DATABASE_URL;
const onPostgres = serverUrl ? test : test.skip;
const articles = { query: '{ articles(first: 2) { totalCount edges { node { slug } } } }' };
const topics = { query: '{ topics(first: 2) { edges { node { slug } } } }' };

const quietGateway = (database: DatabaseHandle, env: Record<string, string> = {}) =>
  createGateway({ database, logger: pino({ level: 'silent' }), settings: testSettings(env) });

async function readyStatus(yoga: Gateway) {
  return (await send(yoga, { path: '/readyz' })).status;
}

/** A migrated, seeded database of its own on the test server, dropped by `drop`. */
async function serverDatabase() {
  const name = `gateway_fault_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  const setup = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 1 });
  await migrateToLatest(setup.db);
  await importContent(setup.db, await readSeedContent());
  await setup.close();
  return {
    name,
    url,
    async drop() {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

describe('database down', () => {
  test('a port nobody listens on: 503 with SERVICE_UNAVAILABLE and Retry-After, /readyz 503, /healthz 200', async () => {
    const database = await openDatabase({ kind: 'postgres', url: 'postgres://root@127.0.0.1:1/none', poolSize: 1, connectTimeoutMs: 1_000 });
    const yoga = quietGateway(database);
    expect((await send(yoga, { path: '/healthz' })).status).toBe(200);
    expect(await readyStatus(yoga)).toBe(503);
    const reply = await postGraphQL(yoga, articles);
    expect(reply.status).toBe(503);
    expect(reply.headers.get('retry-after')).toBe('5');
    expect(codeOf(reply)).toBe('SERVICE_UNAVAILABLE');
    // An API key cannot be checked either: the same clear error, not a 401 or a 500.
    const keyed = await postGraphQL(yoga, articles, { key: `cgw_abcdefghij_${'x'.repeat(43)}` });
    expect(codeOf(keyed)).toBe('SERVICE_UNAVAILABLE');
    await yoga.dispose();
    await database.close();
  });

  onPostgres('cut and restored: cached results keep being served, the rest fails clearly, then recovers by itself', async () => {
    const target = await serverDatabase();
    const proxy = await startTcpProxy({ host: target.url.hostname, port: Number(target.url.port || 5432) });
    const viaProxy = new URL(target.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const database = await openDatabase({ kind: 'postgres', url: viaProxy.toString(), poolSize: 2, connectTimeoutMs: 1_000 });
    const yoga = quietGateway(database, { RESPONSE_CACHE: 'true' });
    try {
      const cached = await postGraphQL(yoga, articles);
      expect(cached.body.data.articles.totalCount).toBeGreaterThan(0);

      await proxy.cut();
      expect(await readyStatus(yoga)).toBe(503);
      const fromCache = await postGraphQL(yoga, articles);
      expect(fromCache.status).toBe(200);
      expect(fromCache.body).toEqual(cached.body);
      const uncached = await postGraphQL(yoga, topics);
      expect(uncached.status).toBe(503);
      expect(codeOf(uncached)).toBe('SERVICE_UNAVAILABLE');

      await proxy.restore();
      expect(await readyStatus(yoga)).toBe(200);
      const recovered = await postGraphQL(yoga, topics);
      expect(recovered.status).toBe(200);
      expect(recovered.body.errors).toBeUndefined();
    } finally {
      await yoga.dispose();
      await database.close();
      await proxy.close();
      await target.drop();
    }
  });

  onPostgres("pg_terminate_backend of the gateway's connections: no unexpected error, and the next requests succeed", async () => {
    const target = await serverDatabase();
    const database = await openDatabase({ kind: 'postgres', url: target.url.toString(), poolSize: 4 });
    const yoga = quietGateway(database);
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      // Open the pool's connections, then kill them while requests are in flight.
      const [before] = await Promise.all([...Array(8)].map(() => postGraphQL(yoga, articles)));
      const inFlight = Promise.all([...Array(12)].map(() => postGraphQL(yoga, articles)));
      const { rowCount } = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [target.name]);
      expect(rowCount).toBeGreaterThan(0);
      const replies = await inFlight;
      for (const reply of replies) {
        if (reply.status === 200) expect(reply.body.errors).toBeUndefined();
        else expect([reply.status, codeOf(reply)]).toEqual([503, 'SERVICE_UNAVAILABLE']);
      }
      // Idle connections that died are dropped from the pool as their sockets close.
      await sleep(100);
      for (let i = 0; i < 8; i += 1) {
        const reply = await postGraphQL(yoga, articles);
        expect(reply.status).toBe(200);
        expect(reply.body.data).toEqual(before!.body.data);
      }
      expect(await readyStatus(yoga)).toBe(200);
    } finally {
      await admin.end();
      await yoga.dispose();
      await database.close();
      await target.drop();
    }
  });
});

describe('statement timeout', () => {
  onPostgres('PostgreSQL cancels a statement that runs past DB_STATEMENT_TIMEOUT_MS', async () => {
    const database = await openDatabase({ kind: 'postgres', url: serverUrl!, poolSize: 1, statementTimeoutMs: 200 });
    try {
      const started = Date.now();
      await expect(sql`select pg_sleep(5)`.execute(database.db)).rejects.toMatchObject({ code: '57014' });
      expect(Date.now() - started).toBeLessThan(2_000);
      // The connection is fine afterwards.
      expect((await sql<{ one: number }>`select 1 as one`.execute(database.db)).rows[0]?.one).toBe(1);
    } finally {
      await database.close();
    }
  });

  onPostgres('a server that hangs: in-flight requests end with QUERY_TIMEOUT instead of waiting for ever, then all recovers', async () => {
    const target = await serverDatabase();
    const proxy = await startTcpProxy({ host: target.url.hostname, port: Number(target.url.port || 5432) });
    const viaProxy = new URL(target.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const database = await openDatabase({ kind: 'postgres', url: viaProxy.toString(), poolSize: 2, statementTimeoutMs: 300, connectTimeoutMs: 1_000 });
    const yoga = quietGateway(database);
    try {
      const [before] = await Promise.all([postGraphQL(yoga, articles), postGraphQL(yoga, topics)]);
      expect(before!.body.errors).toBeUndefined();

      proxy.freeze();
      // A statement sent on an open connection times out; one that needs a new connection
      // cannot get it: both end, with 503 and a code that says which.
      const frozen = await Promise.all([postGraphQL(yoga, articles), postGraphQL(yoga, topics)]);
      for (const reply of frozen) {
        expect(reply.status).toBe(503);
        expect(['QUERY_TIMEOUT', 'SERVICE_UNAVAILABLE']).toContain(codeOf(reply));
      }
      expect(frozen.map(codeOf)).toContain('QUERY_TIMEOUT');

      proxy.thaw();
      // The connections that timed out were closed: no answer meant for one query reaches another.
      for (let i = 0; i < 4; i += 1) {
        const reply = await postGraphQL(yoga, articles);
        expect(reply.body).toEqual(before!.body);
        expect(reply.status).toBe(200);
      }
    } finally {
      await yoga.dispose();
      await database.close();
      await proxy.close();
      await target.drop();
    }
  });

  test('a cancelled statement reaches the client as QUERY_TIMEOUT (503), not as an unexpected error', () => {
    const mask = createErrorMasker(pino({ level: 'silent' }));
    const cancelled = Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
    const masked = mask(cancelled) as unknown as { extensions: Record<string, any> };
    expect(masked.extensions.code).toBe('QUERY_TIMEOUT');
    expect(masked.extensions.http.status).toBe(503);
  });
});
