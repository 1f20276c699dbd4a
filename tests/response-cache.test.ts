import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { entityTagOf } from '../src/plugins/http-caching.js';
import { revokeApiKey } from '../src/repositories/api-key.js';
import { createTestGateway, describe, expect, test, type TestGateway } from './support/gateway.js';
import { codeOf, postGraphQL } from './support/http.js';

const SEED_SLUG = 'ia-mega-data-center-valence-sesterce';
const seedArticle = /* GraphQL */ `{ article(slug: "${SEED_SLUG}") { id title source { name } } }`;
const sources = /* GraphQL */ `{ sources(first: 5) { edges { node { id name } } } }`;

/** The log line of the gateway's latest request. */
function lastRequest(gateway: TestGateway) {
  const lines = gateway.logLines().map((line) => JSON.parse(line)).filter((line) => line.msg === 'request');
  return lines.at(-1);
}

async function cached(seeded: TestGateway, env: Record<string, string> = {}) {
  return createTestGateway(seeded.database, { RESPONSE_CACHE: 'true', ...env });
}

async function editorArticle(gateway: TestGateway, key: string) {
  const { body } = await gateway.execute(`{ article(slug: "${SEED_SLUG}") { id version title } }`, {}, { key });
  return body.data.article as { id: string; version: number; title: string };
}

describe('response cache', () => {
  test('a published-content query is answered from the cache the second time: no SQL, same body', async ({ seeded }) => {
    const gateway = await cached(seeded);
    const first = await gateway.execute(seedArticle);
    expect(first.statements).toBeGreaterThan(0);
    expect(lastRequest(gateway)).toMatchObject({ cache: 'miss', sql: first.statements });
    const second = await gateway.execute(seedArticle);
    expect(second.statements).toBe(0);
    expect(second.body).toEqual(first.body);
    expect(lastRequest(gateway)).toMatchObject({ cache: 'hit', sql: 0 });
    await gateway.yoga.dispose();
  });

  test('over HTTP, a hit goes out byte for byte as the miss did, with the type the client accepts', async ({ seeded }) => {
    const gateway = await cached(seeded);
    const server = createServer(gateway.yoga);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    const reply = async (accept: string) => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify({ query: seedArticle }) });
      const bytes = Buffer.from(await response.arrayBuffer());
      return { bytes, type: response.headers.get('content-type'), length: response.headers.get('content-length'), etag: response.headers.get('etag') };
    };
    try {
      const miss = await reply('application/graphql-response+json');
      expect(lastRequest(gateway)).toMatchObject({ cache: 'miss' });
      expect(JSON.parse(miss.bytes.toString('utf8')).data.article.title).toMatch(/Valence/);
      // Its accents take two bytes each in UTF-8: bytes and characters differ.
      expect(miss.bytes.length).toBeGreaterThan(miss.bytes.toString('utf8').length);
      for (const accept of ['application/graphql-response+json', 'application/json']) {
        const hit = await reply(accept);
        expect(lastRequest(gateway)).toMatchObject({ cache: 'hit' });
        expect(hit.bytes.equals(miss.bytes)).toBe(true);
        expect(hit.type).toBe(`${accept}; charset=utf-8`);
        expect(hit.length).toBe(String(miss.bytes.length));
        expect(hit.etag).toBe(miss.etag);
        expect(hit.etag).toBe(entityTagOf(miss.bytes.toString('utf8')));
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await gateway.yoga.dispose();
    }
  });

  test('a hit asked for as an event stream or multipart is sent as such, its JSON whole, and not for CDNs', async ({ seeded }) => {
    const gateway = await cached(seeded);
    const miss = await postGraphQL(gateway.yoga, { query: seedArticle });
    for (const accept of ['text/event-stream', 'multipart/mixed']) {
      const response = await gateway.yoga.fetch('http://gateway/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept },
        body: JSON.stringify({ query: seedArticle }),
      });
      const text = await response.text();
      expect(lastRequest(gateway)).toMatchObject({ cache: 'hit' });
      expect(response.headers.get('content-type')).toContain(accept);
      expect(text).toContain(JSON.stringify(miss.body));
      // Another representation of the result: no CDN may keep it for the next client.
      expect(response.headers.get('cache-control')).toMatch(/^no-(store|cache)$/);
      expect(response.headers.get('etag')).toBeNull();
    }
    expect(miss.headers.get('vary')).toMatch(/Authorization, Accept/);
    await gateway.yoga.dispose();
  });

  test('an ETag comes with a cacheable result, and If-None-Match with it gets a 304', async ({ seeded }) => {
    const gateway = await cached(seeded);
    const first = await postGraphQL(gateway.yoga, { query: seedArticle });
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await postGraphQL(gateway.yoga, { query: seedArticle }, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(again.body).toBeNull();
    expect(again.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    const stale = await postGraphQL(gateway.yoga, { query: seedArticle }, { headers: { 'if-none-match': 'not-a-known-etag' } });
    expect(stale.status).toBe(200);
    await gateway.yoga.dispose();
  });

  test('Cache-Control: public for anonymous clients, private for keys, no-store for editors, mutations and errors', async ({ seeded }) => {
    const gateway = await cached(seeded, { HTTP_MAX_AGE_SECONDS: '45' });
    const reader = await seeded.createKey(['read']);
    const editor = await seeded.createKey(['editor']);
    expect((await postGraphQL(gateway.yoga, { query: seedArticle })).headers.get('cache-control')).toBe('public, max-age=45');
    const keyed = await postGraphQL(gateway.yoga, { query: seedArticle }, { key: reader });
    expect(keyed.headers.get('cache-control')).toBe('private, max-age=45');
    expect(keyed.headers.get('vary')).toMatch(/Authorization/);
    const edited = await postGraphQL(gateway.yoga, { query: seedArticle }, { key: editor });
    expect(edited.headers.get('cache-control')).toBe('private, no-store');
    expect(edited.headers.get('etag')).toBeNull();
    const failed = await postGraphQL(gateway.yoga, { query: '{ articles(first: 1000) { totalCount } }' });
    expect(failed.headers.get('cache-control')).toBe('no-store');
    const mutation = await postGraphQL(gateway.yoga, { query: 'mutation { publishArticle(input: { id: "x", version: 1 }) { errors { code } } }' }, { key: editor });
    expect(mutation.headers.get('cache-control')).toBe('private, no-store');
    await gateway.yoga.dispose();
  });

  test('a mutation drops exactly the cached results that contain the entity it changed', async ({ seeded }) => {
    const gateway = await cached(seeded);
    const editor = await seeded.createKey(['editor']);
    await gateway.execute(seedArticle);
    await gateway.execute(sources);
    const article = await editorArticle(gateway, editor);

    // The payload selects the article without its id: the cache adds it.
    const update = /* GraphQL */ `mutation ($input: UpdateArticleInput!) { updateArticle(input: $input) { article { title } errors { code } } }`;
    const changed = await gateway.execute(update, { input: { id: article.id, version: article.version, title: 'Un titre changé' } }, { key: editor });
    expect(changed.body.data.updateArticle.errors).toEqual([]);

    const fresh = await gateway.execute(seedArticle);
    expect(fresh.statements).toBeGreaterThan(0);
    expect(fresh.body.data.article.title).toBe('Un titre changé');
    const untouched = await gateway.execute(sources);
    expect(untouched.statements).toBe(0);

    // The payload selects nothing of the article: the id in the input still invalidates.
    const quiet = /* GraphQL */ `mutation ($input: UpdateArticleInput!) { updateArticle(input: $input) { errors { code } } }`;
    await gateway.execute(quiet, { input: { id: article.id, version: article.version + 1, title: article.title } }, { key: editor });
    const restored = await gateway.execute(seedArticle);
    expect(restored.statements).toBeGreaterThan(0);
    expect(restored.body.data.article.title).toBe(article.title);

    // A refused mutation (stale version) changes nothing and drops nothing.
    await gateway.execute(quiet, { input: { id: article.id, version: 1, title: 'Refusé' } }, { key: editor });
    expect((await gateway.execute(seedArticle)).statements).toBe(0);
    await gateway.yoga.dispose();
  });

  test("editors' results, drafts included, are never cached nor answered from the cache", async ({ seeded }) => {
    const gateway = await cached(seeded);
    const editor = await seeded.createKey(['editor']);
    const create = /* GraphQL */ `mutation { createArticle(input: { kind: EXPERT, title: "Brouillon confidentiel", language: "fr" }) { article { id } errors { code } } }`;
    expect((await gateway.execute(create, {}, { key: editor })).body.data.createArticle.errors).toEqual([]);
    const drafts = /* GraphQL */ `{ articles(filter: { statuses: [DRAFT] }) { edges { node { title status } } } }`;

    const anonymous = await gateway.execute(drafts);
    expect(anonymous.body.data.articles.edges).toEqual([]);
    for (let round = 0; round < 2; round += 1) {
      const seen = await gateway.execute(drafts, {}, { key: editor });
      expect(seen.body.data.articles.edges.map((edge: any) => edge.node.title)).toContain('Brouillon confidentiel');
      expect(lastRequest(gateway)).toMatchObject({ cache: 'bypass' });
    }
    // The anonymous result, cached meanwhile, still has no draft.
    const again = await gateway.execute(drafts);
    expect(again.statements).toBe(0);
    expect(again.body.data.articles.edges).toEqual([]);
    await gateway.yoga.dispose();
  });

  test('read keys share the anonymous cache; partner keys have their own', async ({ seeded }) => {
    const gateway = await cached(seeded);
    const reader = await seeded.createKey(['read']);
    const partner = await seeded.createKey(['partner']);
    await gateway.execute(sources);
    await gateway.execute(sources, {}, { key: reader });
    expect(lastRequest(gateway)).toMatchObject({ cache: 'hit' });
    await gateway.execute(sources, {}, { key: partner });
    expect(lastRequest(gateway)).toMatchObject({ cache: 'miss' });
    await gateway.execute(sources, {}, { key: partner });
    expect(lastRequest(gateway)).toMatchObject({ cache: 'hit' });
    await gateway.yoga.dispose();
  });
});

describe('conditional requests: ETag and 304', () => {
  const partnerOnly = /* GraphQL */ `{ articles(first: 1) { edges { node { id title } } } }`;

  test('the ETag is a quoted hash of the body: equal bodies, equal tags; a new body, a new tag', async ({ seeded }) => {
    const gateway = await cached(seeded);
    const editor = await seeded.createKey(['editor']);
    const miss = await postGraphQL(gateway.yoga, { query: seedArticle });
    const hit = await postGraphQL(gateway.yoga, { query: seedArticle });
    const otherText = await postGraphQL(gateway.yoga, { query: `# the same, written otherwise\n${seedArticle.replace('title', 'title\n')}` });
    const tag = miss.headers.get('etag')!;
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{16,}"$/);
    expect(hit.headers.get('etag')).toBe(tag);
    expect(otherText.headers.get('etag')).toBe(tag);
    expect(hit.headers.get('last-modified')).toBeNull();
    // Another query with another body: another tag.
    expect((await postGraphQL(gateway.yoga, { query: sources })).headers.get('etag')).not.toBe(tag);

    const article = await editorArticle(gateway, editor);
    const update = /* GraphQL */ `mutation ($input: UpdateArticleInput!) { updateArticle(input: $input) { errors { code } } }`;
    await gateway.execute(update, { input: { id: article.id, version: article.version, title: 'Un titre pour un nouveau tag' } }, { key: editor });
    const changed = await postGraphQL(gateway.yoga, { query: seedArticle }, { headers: { 'if-none-match': tag } });
    expect(changed.status).toBe(200);
    expect(changed.body.data.article.title).toBe('Un titre pour un nouveau tag');
    expect(changed.headers.get('etag')).not.toBe(tag);
    await gateway.execute(update, { input: { id: article.id, version: article.version + 1, title: article.title } }, { key: editor });
    await gateway.yoga.dispose();
  });

  test('a hit answered in a batch is tagged by the batch body it goes out in, not by the single result', async ({ seeded }) => {
    const gateway = await cached(seeded, { MAX_BATCH: '5' });
    const single = await postGraphQL(gateway.yoga, { query: seedArticle });
    const batch = await gateway.yoga.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify([{ query: seedArticle }]),
    });
    const body = await batch.text();
    expect(JSON.parse(body)).toEqual([single.body]);
    expect(batch.headers.get('etag')).toBe(entityTagOf(body));
    // The single result's tag is not the batch's: a 304 would hand the client the wrong body.
    const conditional = await gateway.yoga.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'if-none-match': single.headers.get('etag')! },
      body: JSON.stringify([{ query: seedArticle }]),
    });
    expect(conditional.status).toBe(200);
    await gateway.yoga.dispose();
  });

  test('If-None-Match with the current tag gets a 304 without body; lists, W/ and * are understood', async ({ seeded }) => {
    const gateway = await cached(seeded, { HTTP_MAX_AGE_SECONDS: '45' });
    const tag = (await postGraphQL(gateway.yoga, { query: seedArticle })).headers.get('etag')!;
    for (const header of [tag, `W/${tag}`, `"autre", ${tag}`, '*']) {
      const reply = await postGraphQL(gateway.yoga, { query: seedArticle }, { headers: { 'if-none-match': header } });
      expect(reply.status, header).toBe(304);
      expect(reply.body).toBeNull();
      expect(reply.headers.get('etag')).toBe(tag);
      expect(reply.headers.get('cache-control')).toBe('public, max-age=45');
      expect(reply.headers.get('vary')).toMatch(/Authorization/);
    }
    const other = await postGraphQL(gateway.yoga, { query: seedArticle }, { headers: { 'if-none-match': '"autre", W/"encore"' } });
    expect(other.status).toBe(200);
    // A tag of the same body is no key to someone else's query.
    const mismatch = await postGraphQL(gateway.yoga, { query: sources }, { headers: { 'if-none-match': tag } });
    expect(mismatch.status).toBe(200);
    expect(mismatch.body.data.sources.edges.length).toBeGreaterThan(0);
    await gateway.yoga.dispose();
  });

  test('authentication and rate limits come first: a revoked or unknown key gets 401, an exhausted budget 429, never a 304', async ({ seeded }) => {
    const gateway = await cached(seeded, { RATE_LIMIT: 'true', RATE_LIMIT_ANONYMOUS: '2', RATE_LIMIT_WINDOW_SECONDS: '600' });
    const partner = await seeded.createKey(['partner']);
    const revoked = await seeded.createKey(['partner']);
    await revokeApiKey(seeded.database.db, revoked.split('_')[1]!);

    const asked = await postGraphQL(gateway.yoga, { query: partnerOnly }, { key: partner });
    const tag = asked.headers.get('etag')!;
    expect(tag).toBeTruthy();
    for (const key of [revoked, 'cgw_unknown_0000000000000000000000000000']) {
      const probe = await postGraphQL(gateway.yoga, { query: partnerOnly }, { key, headers: { 'if-none-match': tag } });
      expect(probe.status).toBe(401);
      expect(probe.headers.get('etag')).toBeNull();
    }
    // The anonymous budget (two requests) went on the two refused keys: 429, whatever the tag.
    const anonymous = await postGraphQL(gateway.yoga, { query: partnerOnly }, { headers: { 'if-none-match': tag } });
    expect(anonymous.status).toBe(429);
    expect(codeOf(anonymous)).toBe('RATE_LIMITED');
    // The partner itself, with its tag: 304.
    const again = await postGraphQL(gateway.yoga, { query: partnerOnly }, { key: partner, headers: { 'if-none-match': tag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
    await gateway.yoga.dispose();
  });
});
