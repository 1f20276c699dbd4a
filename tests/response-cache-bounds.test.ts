import { holdingDatabase, publishNewArticle } from './support/cache-fixtures.js';
import { createTestGateway, describe, expect, test, type TestGateway } from './support/gateway.js';

// The in-memory response cache under hostile traffic: a byte budget that no sequence of
// anonymous requests can exceed, results too big to keep, keys that ignore comments, and
// no result stored after an invalidation that its reads predate.

const longBody = (seed: number) => `Paragraphe ${seed} : ${'les données du centre de calcul de Valence. '.repeat(400)}`; // ~18 000 chars

/** The in-memory cache's weight, as /metrics reports it. */
async function cacheUsage(gateway: TestGateway) {
  const response = await gateway.yoga.fetch('http://gateway/metrics');
  expect(response.status).toBe(200);
  const text = await response.text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]);
  return { bytes: read('gateway_response_cache_bytes'), entries: read('gateway_response_cache_entries') };
}

function cached(seeded: TestGateway, env: Record<string, string> = {}) {
  return createTestGateway(seeded.database, { RESPONSE_CACHE: 'true', ...env });
}

describe('response cache: bounded memory', () => {
  test('distinct large results never grow the cache past RESPONSE_CACHE_MAX_BYTES, and it keeps serving', async ({ seeded }) => {
    const editor = await seeded.createKey(['editor']);
    for (let n = 0; n < 3; n += 1) await publishNewArticle(seeded, editor, { title: `Analyse longue ${n}`, body: longBody(n) });
    const budget = 96 * 1024;
    const gateway = await cached(seeded, { RESPONSE_CACHE_MAX_BYTES: String(budget) });
    // Each alias makes a new document, hence a new entry of about 54 KB: two never fit together.
    for (let n = 0; n < 8; n += 1) {
      const query = /* GraphQL */ `{ page${n}: articles(first: 3, filter: { kinds: [EXPERT] }) { edges { node { title body } } } }`;
      const first = await gateway.execute(query);
      expect(first.body.data[`page${n}`].edges).toHaveLength(3);
      expect((await gateway.execute(query)).statements).toBe(0);
      const usage = await cacheUsage(gateway);
      expect(usage.bytes).toBeGreaterThan(50_000);
      expect(usage.bytes).toBeLessThanOrEqual(budget);
      expect(usage.entries).toBe(1);
    }
    await gateway.yoga.dispose();
  });

  test('a result bigger than RESPONSE_CACHE_MAX_ENTRY_BYTES is not cached: the same query runs SQL again', async ({ seeded }) => {
    const gateway = await cached(seeded, { RESPONSE_CACHE_MAX_ENTRY_BYTES: '20000' });
    const big = /* GraphQL */ `{ articles(first: 3, filter: { kinds: [EXPERT] }) { edges { node { title body } } } }`;
    const small = /* GraphQL */ `{ articles(first: 3, filter: { kinds: [EXPERT] }) { edges { node { title } } } }`;
    for (let round = 0; round < 2; round += 1) {
      const reply = await gateway.execute(big);
      expect(reply.body.data.articles.edges).toHaveLength(3);
      expect(reply.statements).toBeGreaterThan(0);
    }
    await gateway.execute(small);
    expect((await gateway.execute(small)).statements).toBe(0);
    expect((await cacheUsage(gateway)).entries).toBe(1);
    await gateway.yoga.dispose();
  });

  test('the same query with other comments or whitespace is answered from the cache', async ({ seeded }) => {
    const gateway = await cached(seeded);
    const query = (comment: string) => `${comment}\n{ articles(first: 2) { edges { node { title } } } }`;
    const first = await gateway.execute(query('# 1'));
    expect(first.statements).toBeGreaterThan(0);
    for (const variant of ['# 2', '# un autre commentaire', '\n\n   ']) {
      const again = await gateway.execute(query(variant).replace('{ node', '{\n\t node'));
      expect(again.statements).toBe(0);
      expect(again.body).toEqual(first.body);
    }
    expect((await cacheUsage(gateway)).entries).toBe(1);
    await gateway.yoga.dispose();
  });
});

describe('response cache: invalidation wins over reads in flight', () => {
  test('a read that started before unpublishArticle and ended after it is not stored', async ({ seeded }) => {
    const editor = await seeded.createKey(['editor']);
    const article = await publishNewArticle(seeded, editor, { title: 'Bientôt retiré' });
    const held = holdingDatabase(seeded.database);
    const gateway = await createTestGateway(held.handle, { RESPONSE_CACHE: 'true' });
    const read = /* GraphQL */ `{ article(slug: "${article.slug}") { id title status } }`;

    held.arm();
    const inFlight = gateway.execute(read);
    await held.holding;
    const unpublish = /* GraphQL */ `mutation ($input: ArticleStatusInput!) { unpublishArticle(input: $input) { article { status } errors { code } } }`;
    const done = await gateway.execute(unpublish, { input: { id: article.id, version: article.version } }, { key: editor });
    expect(done.body.data.unpublishArticle).toEqual({ article: { status: 'DRAFT' }, errors: [] });
    held.release();
    // The read saw the article before the mutation: it answers with it, but must not keep it.
    expect((await inFlight).body.data.article).toMatchObject({ status: 'PUBLISHED' });

    const after = await gateway.execute(read);
    expect(after.body.data.article).toBeNull();
    expect(after.statements).toBeGreaterThan(0);
    await gateway.yoga.dispose();
  });
});
