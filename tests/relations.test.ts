import { describe, expect, test } from './support/gateway.js';

// Every relation can be walked both ways, and ids fetched back through node/nodes.
describe('relations', () => {
  test('a source lists its articles, each pointing back to it', async ({ seeded }) => {
    const { body } = await seeded.execute(/* GraphQL */ `
      { source(slug: "le-journal-du-dimanche") { name articles { totalCount edges { node { slug source { name } } } } } }
    `);
    expect(body.data.source.articles).toEqual({
      totalCount: 1,
      edges: [{ node: { slug: 'ia-mega-data-center-valence-sesterce', source: { name: 'Le Journal du Dimanche' } } }],
    });
  });

  test("a person's articles carry the person's role on the edge", async ({ seeded }) => {
    const { body } = await seeded.execute(/* GraphQL */ `
      { person(slug: "nicolas-daragon") { fullName articles { edges { role node { slug } } } } }
    `);
    expect(body.data.person.articles.edges).toEqual([{ role: 'QUOTED', node: { slug: 'ia-mega-data-center-valence-sesterce' } }]);
  });

  test('an organisation lists its projects and its people, each pointing back', async ({ seeded }) => {
    const { body } = await seeded.execute(/* GraphQL */ `
      {
        organisation(slug: "ville-de-valence") {
          projects { edges { role node { slug organisations { totalCount } } } }
          affiliations { title person { fullName } }
          articles { edges { role node { slug } } }
        }
      }
    `);
    expect(body.data.organisation).toEqual({
      projects: { edges: [{ role: 'HOST', node: { slug: 'data-center-ia-valence-rovaltain', organisations: { totalCount: 2 } } }] },
      affiliations: [{ title: 'Maire de Valence', person: { fullName: 'Nicolas Daragon' } }],
      articles: { edges: [{ role: 'MENTIONED', node: { slug: 'ia-mega-data-center-valence-sesterce' } }] },
    });
  });

  test('a project lists the articles about it', async ({ seeded }) => {
    const { body } = await seeded.execute(/* GraphQL */ `
      { project(slug: "plan-35-centres-de-donnees-ia") { status budget { amount } articles { edges { role node { slug } } } } }
    `);
    expect(body.data.project).toEqual({
      status: 'ANNOUNCED',
      budget: null,
      articles: { edges: [{ role: 'MENTIONED', node: { slug: 'ia-mega-data-center-valence-sesterce' } }] },
    });
  });

  test('a topic lists its articles, newest first', async ({ seeded }) => {
    const { body } = await seeded.execute(/* GraphQL */ `
      { topic(slug: "intelligence-artificielle") { name articles { edges { node { slug topics { edges { node { slug } } } } } } } }
    `);
    expect(body.data.topic.name).toBe('Intelligence artificielle');
    const slugs = body.data.topic.articles.edges.map((edge: any) => edge.node.slug);
    expect(slugs).toContain('ia-mega-data-center-valence-sesterce');
    expect(slugs).toContain('chatgpt-redefinir-metier-professeur-histoire-geo');
    for (const edge of body.data.topic.articles.edges) {
      expect(edge.node.topics.edges.map((topic: any) => topic.node.slug)).toContain('intelligence-artificielle');
    }
  });

  test('root lists and their totals', async ({ seeded }) => {
    const { body } = await seeded.execute(/* GraphQL */ `
      {
        articles { totalCount }
        sources { totalCount }
        people(first: 2) { totalCount edges { node { fullName } } pageInfo { hasNextPage } }
        organisations { totalCount }
        projects { totalCount }
        topics { totalCount }
      }
    `);
    expect(body.data).toEqual({
      articles: { totalCount: 3 },
      sources: { totalCount: 1 },
      people: {
        totalCount: 3,
        edges: [{ node: { fullName: 'Clara Chappaz' } }, { node: { fullName: 'Emmanuel Macron' } }],
        pageInfo: { hasNextPage: true },
      },
      organisations: { totalCount: 4 },
      projects: { totalCount: 2 },
      topics: { totalCount: 7 },
    });
  });

  test('articles filter by kind, source, person, topic, language and date', async ({ seeded }) => {
    const ids = await seeded.execute(/* GraphQL */ `
      { person(slug: "clara-chappaz") { id } source(slug: "le-journal-du-dimanche") { id } topic(slug: "education") { id } }
    `);
    const { person, source, topic } = ids.body.data;
    const slugsFor = async (filter: Record<string, unknown>) => {
      const { body } = await seeded.execute(
        `query ($filter: ArticleFilter) { articles(filter: $filter, orderBy: { field: TITLE, direction: ASC }) { edges { node { slug } } } }`,
        { filter },
      );
      expect(body.errors).toBeUndefined();
      // Sorted here: title order follows the database's collation, which differs between PGlite and PostgreSQL.
      return body.data.articles.edges.map((edge: any) => edge.node.slug).sort();
    };
    const valence = ['ia-mega-data-center-valence-sesterce'];
    expect(await slugsFor({ kinds: ['NEWS'] })).toEqual(valence);
    expect(await slugsFor({ people: [person.id] })).toEqual(valence);
    expect(await slugsFor({ sources: [source.id] })).toEqual(valence);
    expect(await slugsFor({ topics: [topic.id] })).toEqual([
      'chatgpt-redefinir-metier-professeur-histoire-geo',
      'nouveau-bachelor-agro-modalites-decrets',
    ]);
    expect(await slugsFor({ topics: [topic.id], kinds: ['NEWS'] })).toEqual([]);
    expect(await slugsFor({ languages: ['en'] })).toEqual([]);
    expect(await slugsFor({ publishedAfter: '2025-02-16T06:00:00Z', publishedBefore: '2025-02-16T08:00:00Z' })).toEqual(valence);
  });

  test('node and nodes fetch any object by the id the API gave it', async ({ seeded }) => {
    const { body } = await seeded.execute(/* GraphQL */ `
      { article(slug: "ia-mega-data-center-valence-sesterce") { id source { id } people(first: 1) { edges { node { id } } } } }
    `);
    const articleId = body.data.article.id;
    const sourceId = body.data.article.source.id;
    const personId = body.data.article.people.edges[0].node.id;
    const fetched = await seeded.execute(
      /* GraphQL */ `
        query ($id: ID!, $ids: [ID!]!) {
          node(id: $id) { __typename id ... on Article { slug } }
          nodes(ids: $ids) { __typename ... on Source { name } ... on Person { fullName } }
        }
      `,
      { id: articleId, ids: [sourceId, personId] },
    );
    expect(fetched.body.data).toEqual({
      node: { __typename: 'Article', id: articleId, slug: 'ia-mega-data-center-valence-sesterce' },
      nodes: [
        { __typename: 'Source', name: 'Le Journal du Dimanche' },
        { __typename: 'Person', fullName: 'Emmanuel Macron' },
      ],
    });
  });

  test('showcase projects for the "Nos réalisations" block', async ({ seeded }) => {
    const { body } = await seeded.execute(`{ projects(filter: { showcase: true }) { totalCount } all: projects(filter: { showcase: false }) { totalCount } }`);
    expect(body.data).toEqual({ projects: { totalCount: 0 }, all: { totalCount: 2 } });
  });
});
