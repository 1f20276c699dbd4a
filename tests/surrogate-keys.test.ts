import { boundedSurrogateKeys, surrogateKeysOf } from '../src/plugins/surrogate-keys.js';
import { createTestGateway, describe, expect, test, type TestGateway } from './support/gateway.js';
import { postGraphQL } from './support/http.js';

const SEED_SLUG = 'ia-mega-data-center-valence-sesterce';
const rowKey = (globalId: string) => {
  const [typename, id] = Buffer.from(globalId, 'base64url').toString().split(':');
  return `${typename!.toLowerCase()}:${id}`;
};

async function cached(seeded: TestGateway) {
  return createTestGateway(seeded.database, { RESPONSE_CACHE: 'true' });
}

describe('surrogate keys for CDN purges', () => {
  test('a response names the objects it holds, in Surrogate-Key and Cache-Tag, on a miss and on a hit', async ({ seeded }) => {
    const gateway = await cached(seeded);
    const query = /* GraphQL */ `{ article(slug: "${SEED_SLUG}") { id title source { id name } } }`;
    const miss = await postGraphQL(gateway.yoga, { query });
    const { article } = miss.body.data;
    const expected = [rowKey(article.id), rowKey(article.source.id)];
    expect(miss.headers.get('surrogate-key')!.split(' ').sort()).toEqual(expected.sort());
    expect(miss.headers.get('cache-tag')!.split(',').sort()).toEqual(expected.sort());
    // One article is not a list: purging `articles` (a new article published) leaves it be.
    expect(miss.headers.get('surrogate-key')).not.toMatch(/\barticles\b/);
    const hit = await postGraphQL(gateway.yoga, { query });
    expect(hit.headers.get('surrogate-key')).toBe(miss.headers.get('surrogate-key'));
    await gateway.yoga.dispose();
  });

  test('a list carries its type key, so that a purge of `articles` refreshes it when an article joins or leaves', async ({ seeded }) => {
    const gateway = await cached(seeded);
    const reply = await postGraphQL(gateway.yoga, { query: `{ articles(first: 5) { edges { node { id topics { edges { node { id } } } } } } }` });
    const keys = reply.headers.get('surrogate-key')!.split(' ');
    expect(keys).toContain('articles');
    expect(keys).toContain('topics');
    for (const edge of reply.body.data.articles.edges) expect(keys).toContain(rowKey(edge.node.id));
    await gateway.yoga.dispose();
  });

  test('editors, errors and uncacheable answers carry no keys', async ({ seeded }) => {
    const gateway = await cached(seeded);
    const key = await gateway.createKey(['editor']);
    const editor = await postGraphQL(gateway.yoga, { query: `{ articles(first: 1) { edges { node { id } } } }` }, { key });
    expect(editor.headers.get('surrogate-key')).toBeNull();
    const failed = await postGraphQL(gateway.yoga, { query: `{ article(slug: 1) { id } }` });
    expect(failed.headers.get('surrogate-key')).toBeNull();
    await gateway.yoga.dispose();
  });

  test('too many keys fall back to the type keys, which stay short', () => {
    const ids = Array.from({ length: 2_000 }, (_, index) => Buffer.from(`Article:${index + 1}`).toString('base64url'));
    const body = JSON.stringify({ data: { articles: { edges: ids.map((id) => ({ node: { id, source: { id: Buffer.from('Source:1').toString('base64url') } } })) } } });
    const keys = surrogateKeysOf(body);
    expect(keys.objects.size).toBe(2_001);
    expect(boundedSurrogateKeys(keys)).toEqual(['articles', 'sources']);
    expect(boundedSurrogateKeys(keys, 1_000_000)).toHaveLength(2_002);
    // The source of each listed article is not itself listed.
    expect([...keys.lists]).toEqual(['articles']);
  });
});
