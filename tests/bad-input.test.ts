import { encodeGlobalId } from '../src/schema/global-id.js';
import { describe, expect, test } from './support/gateway.js';

// Every refusal carries a stable code and a message a client developer can act on,
// and nothing of the server's insides (no stack, no SQL).
function expectRefusal(response: { status: number; body: any }, code: string, message: RegExp) {
  expect(response.body.errors).toHaveLength(1);
  const [error] = response.body.errors;
  expect(error.extensions.code).toBe(code);
  expect(error.message).toMatch(message);
  expect(JSON.stringify(response.body)).not.toMatch(/\bat .+\.(ts|js):\d+|stack|select |from /i);
}

describe('bad input', () => {
  test('a malformed global id', async ({ seeded }) => {
    const response = await seeded.execute(`{ node(id: "not-an-id") { id } }`);
    expect(response.status).toBe(200);
    expectRefusal(response, 'INVALID_ID', /not a valid id/);
  });

  test('a global id of the wrong type', async ({ seeded }) => {
    const personId = encodeGlobalId('Person', 1);
    const response = await seeded.execute(`query ($id: ID) { article(id: $id) { title } }`, { id: personId });
    expectRefusal(response, 'INVALID_ID', /Expected the id of a Article, got the id of a Person/);
    const filtered = await seeded.execute(`query ($id: ID!) { articles(filter: { sources: [$id] }) { edges { cursor } } }`, {
      id: personId,
    });
    expectRefusal(filtered, 'INVALID_ID', /Expected the id of a Source/);
  });

  test('a global id of a type that does not exist', async ({ seeded }) => {
    const response = await seeded.execute(`query ($id: ID!) { node(id: $id) { id } }`, { id: encodeGlobalId('Secret', 1) });
    expectRefusal(response, 'INVALID_ID', /"Secret" is not a type of this API/);
  });

  test('an id that names nothing is null', async ({ seeded }) => {
    const id = encodeGlobalId('Article', 999999);
    const response = await seeded.execute(`query ($id: ID!) { node(id: $id) { id } article(id: $id) { title } }`, { id });
    expect(response.body).toEqual({ data: { node: null, article: null } });
  });

  test('a malformed cursor', async ({ seeded }) => {
    const response = await seeded.execute(`{ articles(first: 2, after: "garbage!") { edges { cursor } } }`);
    expectRefusal(response, 'INVALID_CURSOR', /`after` is not a cursor this API returned/);
  });

  test('a cursor of another ordering', async ({ seeded }) => {
    const first = await seeded.execute(`{ articles(first: 1) { pageInfo { endCursor } } }`);
    const cursor = first.body.data.articles.pageInfo.endCursor;
    const response = await seeded.execute(
      `query ($cursor: String) { articles(first: 1, after: $cursor, orderBy: { field: TITLE, direction: ASC }) { edges { cursor } } }`,
      { cursor },
    );
    expectRefusal(response, 'INVALID_CURSOR', /another ordering/);
  });

  test.for([
    ['first: 1000', /`first` must be between 0 and 100, got 1000/],
    ['first: -1', /`first` must be between 0 and 100, got -1/],
    ['last: 101', /`last` must be between 0 and 100, got 101/],
  ] as const)('page size %s', async ([args, message], { seeded }) => {
    const response = await seeded.execute(`{ articles(${args}) { edges { cursor } } }`);
    expectRefusal(response, 'INVALID_PAGE_SIZE', message);
  });

  test('oversized nested pages are refused too', async ({ seeded }) => {
    const response = await seeded.execute(`{ sources { edges { node { articles(first: 500) { edges { cursor } } } } } }`);
    expect(response.body.errors[0].extensions.code).toBe('INVALID_PAGE_SIZE');
  });

  test('first and last together', async ({ seeded }) => {
    const response = await seeded.execute(`{ articles(first: 2, last: 2) { edges { cursor } } }`);
    expectRefusal(response, 'BAD_USER_INPUT', /`first` or `last`, not both/);
  });

  test('slug and id together, or neither', async ({ seeded }) => {
    const neither = await seeded.execute(`{ source { name } }`);
    expectRefusal(neither, 'BAD_USER_INPUT', /exactly one of `slug` and `id`/);
  });

  test('an unknown filter value is a validation error', async ({ seeded }) => {
    const response = await seeded.execute(`{ articles(filter: { kinds: [OPINION] }) { edges { cursor } } }`);
    expect(response.status).toBe(400);
    expect(response.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.body.errors[0].message).toMatch(/OPINION/);
  });

  test('a malformed language tag', async ({ seeded }) => {
    const response = await seeded.execute(`{ articles(filter: { languages: ["french!"] }) { edges { cursor } } }`);
    expectRefusal(response, 'BAD_USER_INPUT', /not a BCP 47 language tag/);
  });

  test('an unknown field', async ({ seeded }) => {
    const response = await seeded.execute(`{ articles { edges { node { password } } } }`);
    expect(response.status).toBe(400);
    expect(response.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  test('a variable of the wrong type: BAD_USER_INPUT, 400 for a graphql-response+json client, nothing executed', async ({ seeded }) => {
    const response = await seeded.execute('query ($slug: String!) { article(slug: $slug) { title } }', { slug: 5 });
    expectRefusal(response, 'BAD_USER_INPUT', /Variable "\$slug"/);
    // A request error (GraphQL over HTTP): no data, and a 4xx status for a client that accepts the new media type.
    expect(response.body.data).toBeUndefined();
    expect(response.status).toBe(400);
    expect(response.body.errors[0].extensions.http).toBeUndefined();
    expect(response.statements).toBe(0);
  });

  test('a query that does not parse', async ({ seeded }) => {
    const response = await seeded.execute(`{ articles { edges `);
    expect(response.status).toBe(400);
    expect(response.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  test('a body that is not JSON', async ({ seeded }) => {
    const response = await seeded.yoga.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors[0].message).toMatch(/JSON/i);
  });
});
