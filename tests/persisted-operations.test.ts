import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadAllowList, sha256 } from '../src/plugins/persisted-operations.js';
import { exampleQuery } from '../src/yoga.js';
import { createTestGateway, describe, expect, test } from './support/gateway.js';
import { codeOf, postGraphQL, send } from './support/http.js';

const apq = (query: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256(query) } });
const arbitrary = '{ sources(first: 2) { edges { node { name } } } }';

describe('automatic persisted queries', () => {
  test('a hash alone is unknown until the client sends it once with its query; then the hash suffices', async ({ seeded }) => {
    const query = `{ articles(first: 1) { edges { node { slug } } } }`;
    const unknown = await postGraphQL(seeded.yoga, { extensions: apq(query) });
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0]).toMatchObject({ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });

    const registered = await postGraphQL(seeded.yoga, { query, extensions: apq(query) });
    expect(registered.body.errors).toBeUndefined();
    const byHash = await postGraphQL(seeded.yoga, { extensions: apq(query) });
    expect(byHash.body).toEqual(registered.body);

    // A GET with the hash alone is what a CDN can cache.
    const params = new URLSearchParams({ extensions: JSON.stringify(apq(query)) });
    const get = await send(seeded.yoga, { path: `/graphql?${params}`, headers: { accept: 'application/json', 'graphql-preflight': '1' } });
    expect(get.body).toEqual(registered.body);
  });

  test('a query that does not match its hash is refused: PERSISTED_QUERY_MISMATCH', async ({ seeded }) => {
    const reply = await postGraphQL(seeded.yoga, { query: arbitrary, extensions: apq('{ something { else } }') });
    expect(reply.status).toBe(400);
    expect(codeOf(reply)).toBe('PERSISTED_QUERY_MISMATCH');
  });
});

describe('PERSISTED_ONLY_ANONYMOUS', () => {
  test("anonymous clients run the site's operations only; keyed clients run anything", async ({ seeded }) => {
    const gateway = await createTestGateway(seeded.database, { PERSISTED_ONLY_ANONYMOUS: 'true' });
    const refused = await postGraphQL(gateway.yoga, { query: arbitrary });
    expect(refused.status).toBe(403);
    expect(codeOf(refused)).toBe('PERSISTED_QUERY_REQUIRED');

    // The GraphiQL example, by hash or in full (as GraphiQL sends it).
    const byHash = await postGraphQL(gateway.yoga, { extensions: apq(exampleQuery) });
    expect(byHash.body.errors).toBeUndefined();
    expect(byHash.body.data.article.title).toBeTruthy();
    const inFull = await postGraphQL(gateway.yoga, { query: exampleQuery });
    expect(inFull.body).toEqual(byHash.body);

    // Registering a query of one's own is not a way around it.
    const registering = await postGraphQL(gateway.yoga, { query: arbitrary, extensions: apq(arbitrary) });
    expect(codeOf(registering)).toBe('PERSISTED_QUERY_REQUIRED');
    expect(codeOf(await postGraphQL(gateway.yoga, { extensions: apq(arbitrary) }))).toBe('PERSISTED_QUERY_NOT_FOUND');

    for (const scopes of [['read'], ['partner']] as const) {
      const key = await seeded.createKey([...scopes]);
      const keyed = await postGraphQL(gateway.yoga, { query: arbitrary }, { key });
      expect(keyed.status).toBe(200);
      expect(keyed.body.errors).toBeUndefined();
    }
    // Keyed clients may also register and use APQ.
    const key = await seeded.createKey(['read']);
    await postGraphQL(gateway.yoga, { query: arbitrary, extensions: apq(arbitrary) }, { key });
    expect((await postGraphQL(gateway.yoga, { extensions: apq(arbitrary) }, { key })).body.errors).toBeUndefined();
    await gateway.yoga.dispose();
  });

  test('an allow-list entry whose hash is not its query stops the gateway from starting', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'allow-list-'));
    const file = path.join(folder, 'persisted-operations.json');
    await writeFile(file, JSON.stringify({ [sha256('{ a }')]: '{ a }', [sha256('{ b }')]: '{ c }' }));
    expect(() => loadAllowList(file)).toThrow(/not the SHA-256 of its query/);
    await rm(folder, { recursive: true, force: true });
  });
});
