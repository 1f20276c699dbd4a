import { sql } from 'kysely';
import type { TestGateway } from './support/gateway.js';
import { describe, expect, test } from './support/gateway.js';

const PAGE = 37;

interface Page {
  edges: Array<{ cursor: string; node: { slug: string } }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** Walks a connection to its end, forwards (`first`/`after`) or backwards (`last`/`before`). */
async function walk(gateway: TestGateway, select: (args: string) => string, pick: (data: any) => Page, backward: boolean) {
  const slugs: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages += 1) {
    const args = backward ? `last: ${PAGE}, before: $cursor` : `first: ${PAGE}, after: $cursor`;
    const { body } = await gateway.execute(`query ($cursor: String) { ${select(args)} }`, { cursor });
    expect(body.errors).toBeUndefined();
    const page = pick(body.data);
    const pageSlugs = page.edges.map((edge) => edge.node.slug);
    if (backward) slugs.unshift(...pageSlugs);
    else slugs.push(...pageSlugs);
    const more = backward ? page.pageInfo.hasPreviousPage : page.pageInfo.hasNextPage;
    if (!more) return slugs;
    expect(pageSlugs).toHaveLength(PAGE);
    cursor = backward ? page.pageInfo.startCursor : page.pageInfo.endCursor;
  }
  throw new Error('the walk did not end');
}

const articlesIn = (order: string) => (args: string) =>
  `articles(${args}, orderBy: ${order}) { edges { cursor node { slug } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }`;

describe('keyset pagination over 1 000 articles', () => {
  test.for([
    ['newest first', '{ field: PUBLISHED_AT, direction: DESC }', sql`listed_at desc, id desc`],
    ['oldest first', '{ field: PUBLISHED_AT, direction: ASC }', sql`listed_at asc, id asc`],
    ['by title', '{ field: TITLE, direction: ASC }', sql`title asc, id asc`],
    ['last updated', '{ field: UPDATED_AT, direction: DESC }', sql`updated_at desc, id desc`],
  ] as const)('%s: pages of 37 forwards and backwards see every published article once, in order', async ([, order, sqlOrder], { corpus }) => {
    const expected = await sql<{ slug: string }>`select slug from article where status = 'published' order by ${sqlOrder}`
      .execute(corpus.database.db)
      .then(({ rows }) => rows.map((row) => row.slug));
    expect(expected.length).toBeGreaterThan(900);

    const forwards = await walk(corpus, articlesIn(order), (data) => data.articles, false);
    expect(forwards).toEqual(expected);
    const backwards = await walk(corpus, articlesIn(order), (data) => data.articles, true);
    expect(backwards).toEqual(expected);
  });

  test("a nested list (a topic's articles) pages both ways too", async ({ corpus }) => {
    const { rows } = await sql<{ id: number; slug: string }>`
      select topic.id, topic.slug from topic join article_topic on article_topic.topic_id = topic.id
      join article on article.id = article_topic.article_id and article.status = 'published'
      group by topic.id order by count(*) desc, topic.id limit 1
    `.execute(corpus.database.db);
    const topic = rows[0]!;
    const expected = await sql<{ slug: string }>`
      select article.slug from article join article_topic on article_topic.article_id = article.id
      where article_topic.topic_id = ${topic.id} and article.status = 'published' order by article.listed_at desc, article.id desc
    `
      .execute(corpus.database.db)
      .then((result) => result.rows.map((row) => row.slug));
    expect(expected.length).toBeGreaterThan(PAGE);

    const select = (args: string) =>
      `topic(slug: "${topic.slug}") { articles(${args}) { edges { cursor node { slug } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
    expect(await walk(corpus, select, (data) => data.topic.articles, false)).toEqual(expected);
    expect(await walk(corpus, select, (data) => data.topic.articles, true)).toEqual(expected);
  });

  test('first: 0 returns an empty page that still knows more follows', async ({ corpus }) => {
    const { body } = await corpus.execute(`{ articles(first: 0) { edges { cursor } pageInfo { hasNextPage endCursor } } }`);
    expect(body.data.articles).toEqual({ edges: [], pageInfo: { hasNextPage: true, endCursor: null } });
  });
});
