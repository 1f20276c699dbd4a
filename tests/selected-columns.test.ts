import { describe, expect, test } from './support/gateway.js';

// Lists read only the columns their selection needs (src/schema/selected-columns.ts). Whatever
// a client selects, a list must answer what a lookup of the same row answers.

const PERSON = 'id slug fullName description isDemo version';
const ORGANISATION = 'id slug name kind websiteUrl description country isDemo version';
const PROJECT = 'id slug name summary status budget { amount currency } location { name country } startedOn endedOn showcase isDemo version';
const TOPIC = 'id slug name';
const ARTICLE_SCALARS = 'id slug kind title lead body language status publishedAt updatedAt originalUrl version isDemo jsonLd';
const ARTICLE = `
  ${ARTICLE_SCALARS}
  source { id name }
  people { edges { role node { ${PERSON} } } }
  organisations { edges { role node { ${ORGANISATION} } } }
  projects { edges { role node { ${PROJECT} organisations { edges { role node { ${ORGANISATION} } } } } } }
  topics { edges { node { ${TOPIC} } } }
`;
const SEED_SLUG = 'ia-mega-data-center-valence-sesterce';

describe('selected columns', () => {
  test('every field of an article and of its linked entities: lists answer as a lookup does', async ({ seeded }) => {
    const listed = await seeded.execute(`{ articles(first: 100) { edges { node { ${ARTICLE} } } } }`);
    const looked = await seeded.execute(`query ($slug: String) { article(slug: $slug) { ${ARTICLE} } }`, { slug: SEED_SLUG });
    expect(listed.body.errors).toBeUndefined();
    const article = listed.body.data.articles.edges.map((edge: any) => edge.node).find((node: any) => node.slug === SEED_SLUG);
    expect(article).toEqual(looked.body.data.article);
    expect(article.body.length).toBeGreaterThan(100);
    expect(article.projects.edges[0].node.budget).toEqual({ amount: '450000000', currency: 'EUR' });

    // An entity's articles (the list nests too deep for the whole selection: its own fields).
    const topicSlug = article.topics.edges[0].node.slug;
    const underTopic = await seeded.execute(`query ($slug: String) { topic(slug: $slug) { articles { edges { node { ${ARTICLE_SCALARS} } } } } }`, {
      slug: topicSlug,
    });
    expect(underTopic.body.errors).toBeUndefined();
    const lookedFields = Object.fromEntries(Object.entries(looked.body.data.article).filter(([key]) => ARTICLE_SCALARS.split(' ').includes(key)));
    expect(underTopic.body.data.topic.articles.edges.map((edge: any) => edge.node)).toContainEqual(lookedFields);

    for (const [field, selection, edges] of [
      ['person', PERSON, article.people.edges],
      ['organisation', ORGANISATION, article.organisations.edges],
      ['project', PROJECT, article.projects.edges],
      ['topic', TOPIC, article.topics.edges],
    ] as const) {
      expect(edges.length).toBeGreaterThan(0);
      for (const { node } of edges) {
        const alone = await seeded.execute(`query ($slug: String) { ${field}(slug: $slug) { ${selection} } }`, { slug: node.slug });
        expect(alone.body.data[field]).toEqual(Object.fromEntries(Object.entries(node).filter(([key]) => key !== 'organisations')));
      }
    }
  });

  test('a few fields, through fragments and aliases, still get their values', async ({ seeded }) => {
    const { body } = await seeded.execute(/* GraphQL */ `
      query {
        articles(first: 100) { edges { node { ...Card headline: title people { edges { node { ... on Person { name: fullName } } } } } } }
      }
      fragment Card on Article { slug lead source { name } }
    `);
    expect(body.errors).toBeUndefined();
    const seed = body.data.articles.edges.map((edge: any) => edge.node).find((node: any) => node.slug === SEED_SLUG);
    expect(seed.headline).toMatch(/data center/i);
    expect(seed.lead).toEqual(expect.any(String));
    expect(seed.source.name).toEqual(expect.any(String));
    expect(seed.people.edges.length).toBeGreaterThan(0);
    for (const edge of seed.people.edges) expect(edge.node.name).toEqual(expect.any(String));
  });
});

describe('selected columns of related articles', () => {
  // Readers' related blocks read the article columns their selection needs, like any list.
  test('a related article answers as a lookup of it does, every field or a few', async ({ seeded }) => {
    const { body } = await seeded.execute(
      `query ($slug: String) {
        article(slug: $slug) {
          full: related(first: 5) { score article { ${ARTICLE} } }
          titles: related(first: 5) { article { slug title } }
        }
      }`,
      { slug: SEED_SLUG },
    );
    expect(body.errors).toBeUndefined();
    const { full, titles } = body.data.article;
    expect(full.length).toBeGreaterThan(0);
    expect(titles).toEqual(full.map(({ article }: any) => ({ article: { slug: article.slug, title: article.title } })));
    for (const { article } of full) {
      const looked = await seeded.execute(`query ($slug: String) { article(slug: $slug) { ${ARTICLE} } }`, { slug: article.slug });
      expect(article).toEqual(looked.body.data.article);
    }
  });
});

describe('selected columns of fields merged from several fragments', () => {
  // One response key, several field nodes: the columns come from all of them, in any order.
  const P = /* GraphQL */ `fragment P on Article { slug people { edges { node { fullName } } } }`;
  const Q = /* GraphQL */ `fragment Q on Article { people { edges { node { slug } } } }`;
  const ROOT_ARTICLES = 'articles(first: 5) { edges { node { ...P } } }';
  const orders = [
    [ROOT_ARTICLES, 'source(slug: "le-journal-du-dimanche") { articles { edges { node { ...Q ...P } } } }'],
    [ROOT_ARTICLES, 'source(slug: "le-journal-du-dimanche") { articles { edges { node { ...P ...Q } } } }'],
  ].flatMap(([first, second]) => [[first, second], [second, first]]);

  test.for(orders)('{ %s %s }: every person has its slug and full name', async ([first, second], { seeded }) => {
    const { body } = await seeded.execute(`query { ${first} ${second} } ${P} ${Q}`);
    expect(body.errors).toBeUndefined();
    const people = body.data.source.articles.edges.flatMap((edge: any) => edge.node.people.edges.map((person: any) => person.node));
    expect(people.length).toBeGreaterThan(0);
    for (const person of people) expect(person).toEqual({ slug: expect.any(String), fullName: expect.any(String) });
  });
});
