import { describe, expect, test } from './support/gateway.js';

// Nested lists at one response path are batched together, but only lists read alike: two
// fragments can put the same path under different arguments and selections, and each must get
// what it asked for.

const ids = /* GraphQL */ `
  {
    person(slug: "nicolas-daragon") { id }
    organisation(slug: "ville-de-valence") { id }
  }
`;

describe('nested batches', () => {
  test('one path under two fragments with different arguments and fields: each gets its own', async ({ seeded }) => {
    const { body: found } = await seeded.execute(ids);
    const { body } = await seeded.execute(
      /* GraphQL */ `
        query ($ids: [ID!]!) {
          nodes(ids: $ids) {
            ... on Person { articles { edges { node { people(first: 1) { edges { node { slug } } } } } } }
            ... on Organisation { articles { edges { node { people(first: 2) { edges { node { fullName } } } } } } }
          }
        }
      `,
      { ids: [found.data.person.id, found.data.organisation.id] },
    );
    expect(body.errors).toBeUndefined();
    const [person, organisation] = body.data.nodes;
    const { body: alone } = await seeded.execute(/* GraphQL */ `
      {
        article(slug: "ia-mega-data-center-valence-sesterce") {
          one: people(first: 1) { edges { node { slug } } }
          two: people(first: 2) { edges { node { fullName } } }
        }
      }
    `);
    expect(person.articles.edges).toEqual([{ node: { people: alone.data.article.one } }]);
    expect(organisation.articles.edges).toEqual([{ node: { people: alone.data.article.two } }]);
    expect(alone.data.article.two.edges).toHaveLength(2);
  });

  test('related articles at one path under two fragments with different sizes: each gets its size', async ({ seeded }) => {
    const { body: found } = await seeded.execute(ids);
    const { body } = await seeded.execute(
      /* GraphQL */ `
        query ($ids: [ID!]!) {
          nodes(ids: $ids) {
            ... on Person { articles { edges { node { related(first: 1) { article { slug } } } } } }
            ... on Organisation { articles { edges { node { related(first: 2) { article { slug } } } } } }
          }
        }
      `,
      { ids: [found.data.person.id, found.data.organisation.id] },
    );
    expect(body.errors).toBeUndefined();
    const [person, organisation] = body.data.nodes;
    expect(person.articles.edges[0].node.related).toHaveLength(1);
    expect(organisation.articles.edges[0].node.related).toHaveLength(2);
  });
});
