import { createTestGateway, describe, expect, test } from './support/gateway.js';
import { send } from './support/http.js';

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

  test('one document twice in a batched request, with other variables: each operation gets its own sizes', async ({ seeded }) => {
    const batching = await createTestGateway(seeded.database, { MAX_BATCH: '2' });
    const query = /* GraphQL */ `
      query ($first: Int!) { article(slug: "ia-mega-data-center-valence-sesterce") { people(first: $first) { edges { node { slug } } } } }
    `;
    const reply = await send(batching.yoga, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify([
        { query, variables: { first: 1 } },
        { query, variables: { first: 3 } },
      ]),
    });
    await batching.yoga.dispose();
    expect(reply.status).toBe(200);
    const [one, three] = reply.body;
    expect(one.data.article.people.edges).toHaveLength(1);
    expect(three.data.article.people.edges).toHaveLength(3);
  });

  test("a cursor that names none of one parent's rows is refused for that parent alone, whoever shares its batch", async ({ seeded }) => {
    const { body: found } = await seeded.execute(/* GraphQL */ `
      {
        story: article(slug: "ia-mega-data-center-valence-sesterce") { id people(first: 1) { edges { cursor } } }
        other: article(slug: "chatgpt-redefinir-metier-professeur-histoire-geo") { id }
      }
    `);
    const after = found.data.story.people.edges[0].cursor;
    const peopleAfter = /* GraphQL */ `
      query ($ids: [ID!]!, $after: String) { nodes(ids: $ids) { ... on Article { people(after: $after) { edges { node { slug } } } } } }
    `;
    const together = await seeded.execute(peopleAfter, { ids: [found.data.story.id, found.data.other.id], after });
    expect(together.body.data.nodes[0].people.edges.map((edge: { node: { slug: string } }) => edge.node.slug)).toEqual([
      'clara-chappaz',
      'nicolas-daragon',
    ]);
    expect(together.body.data.nodes[1]).toBeNull();
    expect(together.body.errors).toEqual([expect.objectContaining({ path: ['nodes', 1, 'people'], extensions: expect.objectContaining({ code: 'INVALID_CURSOR' }) })]);

    const alone = await seeded.execute(peopleAfter, { ids: [found.data.other.id], after });
    expect(alone.body.errors).toEqual([expect.objectContaining({ path: ['nodes', 0, 'people'], extensions: expect.objectContaining({ code: 'INVALID_CURSOR' }) })]);
  });
});
