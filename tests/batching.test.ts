import { LIST_QUERY, articlePageQuery } from '../bench/scenarios.js';
import { describe, expect, test } from './support/gateway.js';

// The number of SQL statements depends on the depth of the query, never on how many rows
// it returns: every nested list is loaded for all its parents in one statement.
const articlePage = (size: number) => /* GraphQL */ `
  {
    articles(first: ${size}) {
      totalCount
      edges {
        node {
          title
          source { name articles(first: 3) { edges { node { slug } } } }
          people(first: 5) { totalCount edges { role node { fullName affiliations { title organisation { name } } } } }
          organisations { edges { role node { name projects(first: 2) { edges { role node { name } } } } } }
          projects { edges { role node { name budget { amount currency } organisations { edges { node { name } } } } } }
          topics { edges { node { slug } } }
        }
      }
    }
  }
`;

const sourcePage = (size: number) => /* GraphQL */ `
  { sources(first: ${size}) { edges { node { name articles(first: 3) { totalCount edges { node { title people { edges { node { fullName } } } } } } } } } }
`;

describe('batching', () => {
  test('a page of 5 articles and a page of 100 cost the same statements', async ({ corpus }) => {
    const small = await corpus.execute(articlePage(5));
    const large = await corpus.execute(articlePage(100));
    expect(small.body.errors).toBeUndefined();
    expect(large.body.errors).toBeUndefined();
    expect(small.body.data.articles.edges).toHaveLength(5);
    expect(large.body.data.articles.edges).toHaveLength(100);
    expect(large.statements).toBe(small.statements);
    // The articles with their sources; their count; the sources' articles, the articles'
    // people, organisations, projects and topics (one tick's nested lists: one statement); the
    // people count; the affiliations with their organisations; the organisations' projects
    // and the projects' organisations.
    expect(large.statements).toBe(6);
  });

  test('the newest articles with their source, people, organisations and topics: 2 statements, whatever the page size', async ({ corpus }) => {
    for (const size of [1, 20, 100]) {
      const { body, statements } = await corpus.execute(LIST_QUERY.replace('articles(first: 20)', `articles(first: ${size})`));
      expect(body.errors).toBeUndefined();
      expect(body.data.articles.edges).toHaveLength(size);
      if (size > 1) expect(body.data.articles.edges.some((edge: any) => edge.node.source && edge.node.people.edges.length > 0)).toBe(true);
      // the articles with their sources; their people, organisations and topics
      expect(statements).toBe(2);
    }
  });

  test("an article's page, related articles included, costs 4 statements", async ({ corpus }) => {
    // An article whose page has something in every block, as the bench's (bench/scenarios.ts).
    const { body: listed } = await corpus.execute(/* GraphQL */ `
      { articles(first: 100) { edges { node { slug source { id } projects { edges { node { id } } }
        people { edges { node { affiliations { id } } } } } } } }
    `);
    const full = listed.data.articles.edges.find(
      ({ node }: any) => node.source && node.projects.edges.length > 0 && node.people.edges.some((edge: any) => edge.node.affiliations.length > 0),
    );
    const { body, statements } = await corpus.execute(articlePageQuery(true), { slug: full.node.slug });
    expect(body.errors).toBeUndefined();
    const page = body.data.article;
    for (const list of [page.people, page.organisations, page.projects, page.topics]) expect(list.edges.length).toBeGreaterThan(0);
    expect(page.source.name).toBeTruthy();
    expect(page.related.length).toBeGreaterThan(0);
    expect(page.people.edges.flatMap((edge: any) => edge.node.affiliations).every((affiliation: any) => affiliation.organisation.name)).toBe(true);
    // the article with its source; its people, organisations, projects and topics; the
    // people's affiliations with their organisations; related articles
    expect(statements).toBe(4);
  });

  test("sources { articles(first: 3) } is one statement for all sources' articles", async ({ corpus }) => {
    const two = await corpus.execute(sourcePage(2));
    const all = await corpus.execute(sourcePage(100));
    expect(all.body.errors).toBeUndefined();
    expect(two.body.data.sources.edges).toHaveLength(2);
    expect(all.body.data.sources.edges.length).toBeGreaterThan(2);
    for (const edge of all.body.data.sources.edges) expect(edge.node.articles.edges.length).toBeLessThanOrEqual(3);
    // sources, their articles, the articles' counts, people.
    expect(all.statements).toBe(4);
    expect(two.statements).toBe(4);
  });
});
