import { sql } from 'kysely';
import type { TestGateway } from './support/gateway.js';
import { describe, expect, test } from './support/gateway.js';

// An entity's articles are paged on the links' copy of each article's listed_at (migration
// 0004), kept by triggers. Whatever happens to an article, its place in every list follows.

const create = /* GraphQL */ `mutation ($input: CreateArticleInput!) { createArticle(input: $input) { article { id version } errors { code } } }`;
const link = /* GraphQL */ `mutation ($input: LinkArticleInput!) { linkArticle(input: $input) { article { version } errors { code } } }`;
const publish = /* GraphQL */ `mutation ($input: ArticleStatusInput!) { publishArticle(input: $input) { article { version } errors { code } } }`;
const newestAndOldest = /* GraphQL */ `
  query ($slug: String) {
    topic(slug: $slug) {
      newest: articles(first: 1) { edges { node { title } } }
      oldest: articles(last: 1) { edges { node { title } } }
    }
  }
`;

/** Links whose copy of listed_at differs from their article's, in all four link tables. */
async function staleLinks(gateway: TestGateway): Promise<number> {
  const { rows } = await sql<{ stale: string }>`
    select sum(stale) as stale from (
      select count(*) as stale from article_person link join article on article.id = link.article_id where link.listed_at <> article.listed_at
      union all select count(*) from article_organisation link join article on article.id = link.article_id where link.listed_at <> article.listed_at
      union all select count(*) from article_project link join article on article.id = link.article_id where link.listed_at <> article.listed_at
      union all select count(*) from article_topic link join article on article.id = link.article_id where link.listed_at <> article.listed_at
    ) as counts
  `.execute(gateway.database.db);
  return Number(rows[0]!.stale);
}

describe("an entity's articles", () => {
  test('a draft linked now is the newest for editors; published with an old date it becomes the oldest', async ({ corpus }) => {
    const editor = await corpus.createKey(['editor']);
    const topic = (await corpus.database.db.selectFrom('topic').select(['id', 'slug']).orderBy('id').executeTakeFirstOrThrow());
    const { body: topicIds } = await corpus.execute(`query ($slug: String) { topic(slug: $slug) { id } }`, { slug: topic.slug });
    expect(await staleLinks(corpus)).toBe(0);

    const title = 'Une dépêche revenue des archives';
    const created = await corpus.execute(create, { input: { kind: 'EXPERT', title, language: 'fr' } }, { key: editor });
    const article = created.body.data.createArticle.article;
    const linked = await corpus.execute(link, { input: { article: article.id, entity: topicIds.data.topic.id } }, { key: editor });
    expect(linked.body.data.linkArticle.errors).toEqual([]);
    const asEditor = await corpus.execute(newestAndOldest, { slug: topic.slug }, { key: editor });
    expect(asEditor.body.data.topic.newest.edges[0].node.title).toBe(title);

    const input = { id: article.id, version: linked.body.data.linkArticle.article.version, publishedAt: '2001-01-01T08:00:00Z' };
    const published = await corpus.execute(publish, { input }, { key: editor });
    expect(published.body.data.publishArticle.errors).toEqual([]);
    const asReader = await corpus.execute(newestAndOldest, { slug: topic.slug });
    expect(asReader.body.data.topic.oldest.edges[0].node.title).toBe(title);
    expect(asReader.body.data.topic.newest.edges[0].node.title).not.toBe(title);
    expect(await staleLinks(corpus)).toBe(0);
  });
});
