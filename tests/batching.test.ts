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
    // articles, count, sources, source articles, people, people count, affiliations, affiliated
    // organisations, organisations, their projects, projects, their organisations, topics.
    expect(large.statements).toBe(13);
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
