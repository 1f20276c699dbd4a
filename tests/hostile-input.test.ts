import { loadConfig } from '../src/config.js';
import { createTestGateway } from './support/gateway.js';
import { describe, expect, test } from './support/search-content.js';

// What a hostile client tries: searches built to tie up the database, cursors forged to peek at
// drafts, and input PostgreSQL or the server cannot take. Each gets a stable code, a 4xx where the
// status is the signal, and nothing is read or written that the refusal should have prevented.

const searchQuery = /* GraphQL */ `
  query ($text: String!) { search(query: $text, first: 5) { edges { node { __typename } } } }
`;

describe('searches built to tie up the database', () => {
  test('a query of more than 12 words is refused before any SQL, naming the limit', async ({ searchable }) => {
    // 99 times the same word fits in 200 characters: repeats cost as much as new words.
    for (const text of [Array(99).fill('a').join(' '), 'un deux trois quatre cinq six sept huit neuf dix onze douze treize']) {
      const response = await searchable.execute(searchQuery, { text });
      expect(response.status).toBe(200);
      expect(response.body.data).toBeNull();
      expect(response.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'query', max: 12 });
      expect(response.body.errors[0].message).toMatch(/the limit is 12 words/);
      expect(response.statements).toBe(0);
    }
  });

  test('a query longer than 200 characters is refused, naming the limit', async ({ searchable }) => {
    for (const text of ['x'.repeat(201), Array(250).fill('a').join(' ')]) {
      const response = await searchable.execute(searchQuery, { text });
      expect(response.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'query', max: 200 });
      expect(response.body.errors[0].message).toMatch(/the limit is 200/);
      expect(response.statements).toBe(0);
    }
  });

  test('12 words and 200 characters are searched', async ({ searchable }) => {
    const twelve = 'data center valence sesterce intelligence artificielle donnees nicolas daragon rovaltain drome france';
    const response = await searchable.execute(searchQuery, { text: twelve });
    expect(response.body.errors).toBeUndefined();
    const long = await searchable.execute(searchQuery, { text: `valence ${'x'.repeat(192)}` });
    expect(long.body.errors).toBeUndefined();
  });

  test('a search counts in the cost model: a handful of searches in one request exceed MAX_COST', async ({ searchable }) => {
    const defaults = loadConfig({}).limits;
    const gateway = await createTestGateway(searchable.database, { MAX_COST: String(defaults.maxCost) });
    const one = await gateway.execute(searchQuery, { text: 'valence' });
    expect(one.body.errors).toBeUndefined();
    const aliases = Array.from({ length: 6 }, (_, index) => `s${index}: search(query: $text, first: 1) { edges { score } }`);
    const many = await gateway.execute(`query ($text: String!) { ${aliases.join(' ')} }`, { text: 'valence' });
    expect(many.status).toBe(400);
    expect(many.body.errors[0].extensions).toMatchObject({ code: 'MAX_COST_EXCEEDED', max: defaults.maxCost });
    expect(many.statements).toBe(0);
    await gateway.yoga.dispose();
  });
});
