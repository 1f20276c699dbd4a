import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/db/types.js';
import { describe, expect, test } from './support/gateway.js';
import { codeOf, postGraphQL } from './support/http.js';

// Small defects a hostile test found on the write side and in authentication: each asserts
// what a client sees, and that a refused write left nothing behind.

const createArticle = /* GraphQL */ `
  mutation ($input: CreateArticleInput!) {
    createArticle(input: $input) { article { id slug publishedAt } errors { path code message } }
  }
`;
const publishArticle = /* GraphQL */ `
  mutation ($input: ArticleStatusInput!) { publishArticle(input: $input) { article { status publishedAt } errors { path code message } } }
`;

const countArticles = async (db: Kysely<Database>) =>
  Number((await sql<{ count: string }>`select count(*) from article`.execute(db)).rows[0]!.count);

describe('writes', () => {
  test('concurrent creates with the same title and no slug all succeed, each with a slug of its own', async ({ seeded }) => {
    const editor = await seeded.createKey(['editor']);
    const input = { kind: 'EXPERT', title: 'Le même titre, cinq fois', language: 'fr' };
    const results = await Promise.all(Array.from({ length: 5 }, () => seeded.execute(createArticle, { input }, { key: editor })));
    const payloads = results.map((result) => result.body.data.createArticle);
    expect(payloads.flatMap((payload) => payload.errors)).toEqual([]);
    expect(payloads.map((payload) => payload.article.slug).sort()).toEqual([
      'le-meme-titre-cinq-fois',
      'le-meme-titre-cinq-fois-2',
      'le-meme-titre-cinq-fois-3',
      'le-meme-titre-cinq-fois-4',
      'le-meme-titre-cinq-fois-5',
    ]);
  });

  test('a publication date outside sane years is refused with its field, and nothing is written', async ({ seeded }) => {
    const editor = await seeded.createKey(['editor']);
    const created = await seeded.execute(createArticle, { input: { kind: 'EXPERT', title: 'Daté de loin', language: 'fr' } }, { key: editor });
    const { id } = created.body.data.createArticle.article;
    const before = await countArticles(seeded.database.db);

    const farFuture = await seeded.execute(publishArticle, { input: { id, version: 1, publishedAt: '9999-12-31T23:59:59-14:00' } }, { key: editor });
    expect(farFuture.body.data.publishArticle).toEqual({
      article: null,
      errors: [{ path: ['publishedAt'], code: 'INVALID', message: 'must be between the years 1900 and 2099' }],
    });
    const farPast = await seeded.execute(publishArticle, { input: { id, version: 1, publishedAt: '0001-01-01T00:00:00Z' } }, { key: editor });
    expect(farPast.body.data.publishArticle.errors).toEqual([{ path: ['publishedAt'], code: 'INVALID', message: 'must be between the years 1900 and 2099' }]);
    const malformed = await seeded.execute(publishArticle, { input: { id, version: 1, publishedAt: 'tomorrow' } }, { key: editor });
    expect(malformed.body.data.publishArticle.errors).toEqual([
      { path: ['publishedAt'], code: 'INVALID_FORMAT', message: 'must be an ISO 8601 date-time, like "2025-02-16T08:00:00+01:00"' },
    ]);
    expect(await countArticles(seeded.database.db)).toBe(before);

    const newest = await seeded.execute(`{ articles(first: 1) { edges { node { slug } } } }`);
    expect(newest.body.data.articles.edges[0].node.slug).not.toBe(created.body.data.createArticle.article.slug);
  });
});

describe('authentication', () => {
  test('the Bearer scheme is case-insensitive', async ({ seeded }) => {
    const key = await seeded.createKey(['editor']);
    const query = { query: '{ articles(filter: { statuses: [DRAFT] }) { totalCount } }' };
    for (const scheme of ['bearer', 'BEARER', 'Bearer', 'bEaReR']) {
      const reply = await postGraphQL(seeded.yoga, query, { headers: { authorization: `${scheme} ${key}` } });
      expect(reply.status, scheme).toBe(200);
      expect(reply.body.data.articles.totalCount, scheme).toBeGreaterThanOrEqual(0);
    }
    const wrongScheme = await postGraphQL(seeded.yoga, query, { headers: { authorization: `Basic ${key}` } });
    expect(wrongScheme.status).toBe(401);
    expect(codeOf(wrongScheme)).toBe('UNAUTHENTICATED');
  });
});
