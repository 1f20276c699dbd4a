import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, vi } from 'vitest';
import { createRedisResponseStore } from '../src/plugins/redis-response-cache.js';
import { holdingDatabase, publishNewArticle } from './support/cache-fixtures.js';
import { createTestGateway, describe, expect, test, type TestGateway } from './support/gateway.js';
import { postGraphQL } from './support/http.js';
import { openTestRedis, redisMissing, serviceAvailable, type TestRedis } from './support/services.js';

// The scale-out path: N gateways share the response cache and the rate-limit counters in Redis.
// These tests start a redis-server of their own (or use REDIS_TEST_URL when set) and skip, with
// the reason printed, where there is neither (tests/support/services.ts); each run uses a key
// prefix of its own and deletes its keys at the end.

const withRedis = serviceAvailable(redisMissing('tests/redis.test.ts'));
let REDIS_URL = '';
let ownServer: TestRedis | null = null;
const PREFIX = `cgw-test-${randomBytes(4).toString('hex')}:`;
const SEED_SLUG = 'ia-mega-data-center-valence-sesterce';
const seedArticle = /* GraphQL */ `{ article(slug: "${SEED_SLUG}") { id title } }`;
const GENERATION_KEY = `${PREFIX}response-generation`;

let redis: Redis;

beforeAll(async () => {
  if (!withRedis) return;
  ownServer = await openTestRedis();
  REDIS_URL = ownServer.url;
  redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`tests/redis.test.ts could not reach Redis at ${REDIS_URL}: ${(error as Error).message}`);
  }
});

afterAll(async () => {
  if (!withRedis) return;
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length) await redis.del(keys);
  redis.disconnect();
  await ownServer?.stop();
});

const lastRequest = (gateway: TestGateway) =>
  gateway.logLines().map((line) => JSON.parse(line)).filter((line) => line.msg === 'request').at(-1);

function shared(seeded: TestGateway, env: Record<string, string> = {}) {
  return createTestGateway(seeded.database, { REDIS_URL, REDIS_KEY_PREFIX: PREFIX, RESPONSE_CACHE: 'true', ...env });
}

describe.runIf(withRedis)('Redis: N gateways share one response cache', () => {
  test('a result cached by one gateway is answered by another; a mutation through either drops it for both', async ({ seeded }) => {
    const [one, two] = [await shared(seeded), await shared(seeded)];
    const editor = await seeded.createKey(['editor']);

    const first = await one.execute(seedArticle);
    expect(lastRequest(one)).toMatchObject({ cache: 'miss' });
    const fromOther = await two.execute(seedArticle);
    expect(fromOther.statements).toBe(0);
    expect(lastRequest(two)).toMatchObject({ cache: 'hit' });
    expect(fromOther.body).toEqual(first.body);

    const { body } = await two.execute(`{ article(slug: "${SEED_SLUG}") { id version } }`, {}, { key: editor });
    const update = /* GraphQL */ `mutation ($input: UpdateArticleInput!) { updateArticle(input: $input) { article { title } errors { code } } }`;
    await two.execute(update, { input: { id: body.data.article.id, version: body.data.article.version, title: 'Titre partagé' } }, { key: editor });
    const fresh = await one.execute(seedArticle);
    expect(fresh.statements).toBeGreaterThan(0);
    expect(fresh.body.data.article.title).toBe('Titre partagé');

    // Every key the cache wrote expires but the one generation counter: nothing accumulates in Redis.
    const keys = await redis.keys(`${PREFIX}*`);
    expect(keys.some((key) => key.startsWith(`${PREFIX}response:`))).toBe(true);
    expect(keys.some((key) => key.startsWith(`${PREFIX}entity:Article:`))).toBe(true);
    for (const key of keys) if (key !== GENERATION_KEY) expect(await redis.pttl(key), key).toBeGreaterThan(0);
    expect(Number(await redis.get(GENERATION_KEY))).toBeGreaterThan(0);

    await one.yoga.dispose();
    await two.yoga.dispose();
  });
});

describe.runIf(withRedis)('Redis: an invalidation wins over reads in flight on any gateway', () => {
  test('the store refuses a result read before an invalidation, atomically', async () => {
    const store = createRedisResponseStore(redis, `${PREFIX}direct:`);
    const before = await store.generation();
    await store.invalidate(['Article:QXJ0aWNsZTo5OTk=']);
    await store.set({ key: 'late', json: '{"data":{}}', entities: ['Article:QXJ0aWNsZTo5OTk='], ttlMs: 60_000, generation: before });
    expect(await store.get('late')).toBeNull();
    await store.set({ key: 'late', json: '{"data":{}}', entities: ['Article:QXJ0aWNsZTo5OTk='], ttlMs: 60_000, generation: await store.generation() });
    expect(String(await store.get('late'))).toBe('{"data":{}}');
  });

  test('a read that started on one gateway before another unpublished the article is not stored', async ({ seeded }) => {
    const editor = await seeded.createKey(['editor']);
    const article = await publishNewArticle(seeded, editor, { title: 'Retiré par une autre passerelle' });
    const held = holdingDatabase(seeded.database);
    const one = await createTestGateway(held.handle, { REDIS_URL, REDIS_KEY_PREFIX: PREFIX, RESPONSE_CACHE: 'true' });
    const two = await shared(seeded);
    const read = /* GraphQL */ `{ article(slug: "${article.slug}") { id title status } }`;

    held.arm();
    const inFlight = one.execute(read);
    await held.holding;
    const generation = await redis.get(GENERATION_KEY);
    const unpublish = /* GraphQL */ `mutation ($input: ArticleStatusInput!) { unpublishArticle(input: $input) { errors { code } } }`;
    expect((await two.execute(unpublish, { input: { id: article.id, version: article.version } }, { key: editor })).body.data.unpublishArticle.errors).toEqual([]);
    // The invalidation is sent as the mutation ends; wait until Redis has it.
    await vi.waitFor(async () => expect(await redis.get(GENERATION_KEY)).not.toBe(generation));
    held.release();
    expect((await inFlight).body.data.article).toMatchObject({ status: 'PUBLISHED' });

    const after = await two.execute(read);
    expect(after.body.data.article).toBeNull();
    expect(after.statements).toBeGreaterThan(0);
    await one.yoga.dispose();
    await two.yoga.dispose();
  });
});

describe.runIf(withRedis)('Redis: N gateways share the rate-limit counters', () => {
  test('requests through two gateways count against one budget', async ({ seeded }) => {
    const env = { RATE_LIMIT: 'true', RATE_LIMIT_WINDOW_SECONDS: '2', RATE_LIMIT_ANONYMOUS: '3', TRUST_PROXY_HOPS: '1' };
    const [one, two] = [await shared(seeded, env), await shared(seeded, env)];
    const from = { headers: { 'x-forwarded-for': `198.51.100.${Math.floor(Math.random() * 200)}` } };
    const query = { query: '{ articles(first: 1) { totalCount } }' };
    const statuses = [
      (await postGraphQL(one.yoga, query, from)).status,
      (await postGraphQL(two.yoga, query, from)).status,
      (await postGraphQL(one.yoga, query, from)).status,
      (await postGraphQL(two.yoga, query, from)).status,
    ];
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await redis.keys(`${PREFIX}rate:*`)).length).toBeGreaterThan(0);
    await one.yoga.dispose();
    await two.yoga.dispose();
  });
});

describe('Redis down', () => {
  test('the gateway keeps serving: without the cache, counting requests in memory', async ({ seeded }) => {
    const gateway = await createTestGateway(seeded.database, {
      REDIS_URL: 'redis://127.0.0.1:1',
      RESPONSE_CACHE: 'true',
      RATE_LIMIT: 'true',
      RATE_LIMIT_ANONYMOUS: '3',
      RATE_LIMIT_WINDOW_SECONDS: '60',
    });
    for (let round = 0; round < 2; round += 1) {
      const reply = await gateway.execute(seedArticle);
      expect(reply.status).toBe(200);
      expect(reply.body.data.article.title).toBeTruthy();
      expect(reply.statements).toBeGreaterThan(0); // no cache to answer from
    }
    const editor = await seeded.createKey(['editor']);
    const quiet = /* GraphQL */ `mutation { publishArticle(input: { id: "QXJ0aWNsZTox", version: 999 }) { errors { code } } }`;
    expect((await gateway.execute(quiet, {}, { key: editor })).status).toBe(200);
    const statuses = [(await gateway.execute(seedArticle)).status, (await gateway.execute(seedArticle)).status];
    expect(statuses).toEqual([200, 429]);
    expect(gateway.logLines().some((line) => line.includes('redis: unavailable'))).toBe(true);
    await gateway.yoga.dispose();
  });
});
