import { readFile } from 'node:fs/promises';
import { getIntrospectionQuery } from 'graphql';
import { loadConfig } from '../src/config.js';
import { exampleQuery } from '../src/yoga.js';
import { createTestGateway, describe, expect, test, type TestGateway } from './support/gateway.js';
import { codeOf, postGraphQL, send } from './support/http.js';

// Each limit refuses with a code naming it and its value in `extensions.max`, before any SQL;
// the site's documented operations pass every default.

const defaults = loadConfig({}).limits;
const SEED_SLUG = 'ia-mega-data-center-valence-sesterce';

/** A gateway with the production defaults of every limit (the test harness raises MAX_COST). */
async function withDefaultLimits(seeded: TestGateway, env: Record<string, string> = {}) {
  return createTestGateway(seeded.database, { MAX_COST: String(defaults.maxCost), ...env });
}

const LIMIT_CODES = ['MAX_DEPTH_EXCEEDED', 'MAX_COST_EXCEEDED', 'MAX_ALIASES_EXCEEDED', 'MAX_TOKENS_EXCEEDED', 'MAX_DIRECTIVES_EXCEEDED'];

describe('limits', () => {
  test('the GraphiQL example and every persisted site operation pass the default limits', async ({ seeded }) => {
    const gateway = await withDefaultLimits(seeded);
    const example = await gateway.execute(exampleQuery);
    expect(example.body.errors).toBeUndefined();
    expect(example.body.data.article.title).toBeTruthy();

    const persisted = JSON.parse(await readFile('persisted-operations.json', 'utf8')) as Record<string, string>;
    expect(Object.values(persisted)).toContain(exampleQuery);
    for (const query of Object.values(persisted)) {
      const { body } = await gateway.execute(query, { slug: SEED_SLUG, text: 'données', after: null });
      const codes = (body.errors ?? []).map((error: any) => error.extensions?.code);
      expect(codes.filter((code: string) => LIMIT_CODES.includes(code)), query).toEqual([]);
    }
    await gateway.yoga.dispose();
  });

  test('every GraphQL example of the README passes the default limits', async ({ seeded }) => {
    const gateway = await withDefaultLimits(seeded);
    const readme = await readFile('README.md', 'utf8');
    // As tests/readme-examples.test.ts reads them: operations in ```graphql blocks, split at blank lines.
    const operations = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)]
      .flatMap((match) => match[1]!.split(/\n\s*\n/))
      .filter((chunk) => /^\s*(query|mutation|\{)/m.test(chunk));
    expect(operations.length).toBeGreaterThan(5);
    for (const operation of operations) {
      // Variables are ids in the README: any well-formed one lets the cost be computed.
      const variables = Object.fromEntries([...operation.matchAll(/\$(\w+):/g)].map((match) => [match[1], 'QXJ0aWNsZTox']));
      const { body } = await gateway.execute(operation, variables);
      const codes = (body.errors ?? []).map((error: any) => error.extensions?.code);
      expect({ operation, limits: codes.filter((code: string) => LIMIT_CODES.includes(code)) }).toEqual({ operation, limits: [] });
    }
    await gateway.yoga.dispose();
  });

  test("GraphiQL's introspection query (every option on) passes the default limits", async ({ gateway: plain }) => {
    const gateway = await withDefaultLimits(plain);
    const query = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
      oneOf: true,
    });
    const { body } = await gateway.execute(query);
    expect(body.errors).toBeUndefined();
    expect(body.data.__schema.types.length).toBeGreaterThan(20);
    await gateway.yoga.dispose();
  });

  test('deep nesting (article -> people -> articles -> people...) is refused: MAX_DEPTH_EXCEEDED', async ({ seeded }) => {
    const gateway = await withDefaultLimits(seeded);
    const deep = /* GraphQL */ `{ article(slug: "${SEED_SLUG}") { people { edges { node { articles { edges { node {
      people { edges { node { articles { edges { node { title } } } } } } } } } } } } } }`;
    const before = gateway.database.statementCount;
    const reply = await postGraphQL(gateway.yoga, { query: deep });
    expect(reply.status).toBe(400);
    expect(reply.body.errors[0].extensions).toMatchObject({ code: 'MAX_DEPTH_EXCEEDED', max: defaults.maxDepth, actual: 14 });
    expect(reply.body.errors[0].message).toContain('MAX_DEPTH');
    expect(reply.body.data).toBeUndefined();
    expect(gateway.database.statementCount).toBe(before);
    await gateway.yoga.dispose();
  });

  test('many aliases are refused: MAX_ALIASES_EXCEEDED; 1 000 of them do not even parse (MAX_TOKENS)', async ({ seeded }) => {
    const gateway = await withDefaultLimits(seeded);
    const aliased = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: articles(first: 1) { totalCount }`).join(' ')} }`;
    const some = await postGraphQL(gateway.yoga, { query: aliased(defaults.maxAliases + 5) });
    expect(some.status).toBe(400);
    expect(some.body.errors[0].extensions).toMatchObject({ code: 'MAX_ALIASES_EXCEEDED', max: defaults.maxAliases, actual: defaults.maxAliases + 5 });
    const thousand = await postGraphQL(gateway.yoga, { query: aliased(1000) });
    expect(thousand.status).toBe(400);
    expect(codeOf(thousand)).toBe('MAX_TOKENS_EXCEEDED');
    // Within the limit, aliases work.
    const fine = await postGraphQL(gateway.yoga, { query: aliased(3) });
    expect(fine.body.errors).toBeUndefined();
    await gateway.yoga.dispose();
  });

  test('a query of too many tokens is refused while parsing: MAX_TOKENS_EXCEEDED', async ({ seeded }) => {
    const gateway = await withDefaultLimits(seeded);
    const fields = Array.from({ length: defaults.maxTokens }, () => '__typename').join(' ');
    const reply = await postGraphQL(gateway.yoga, { query: `{ ${fields} }` });
    expect(reply.status).toBe(400);
    expect(reply.body.errors[0].extensions).toMatchObject({ code: 'MAX_TOKENS_EXCEEDED', max: defaults.maxTokens });
    await gateway.yoga.dispose();
  });

  test('too many directives are refused: MAX_DIRECTIVES_EXCEEDED', async ({ seeded }) => {
    const gateway = await withDefaultLimits(seeded);
    const directives = Array.from({ length: defaults.maxDirectives + 1 }, () => '@include(if: true)').join(' ');
    const reply = await postGraphQL(gateway.yoga, { query: `{ articles(first: 1) ${directives} { totalCount } }` });
    expect(reply.status).toBe(400);
    expect(reply.body.errors[0].extensions).toMatchObject({ code: 'MAX_DIRECTIVES_EXCEEDED', max: defaults.maxDirectives });
    await gateway.yoga.dispose();
  });

  test('cost counts lists by the page size asked for, variables included: MAX_COST_EXCEEDED before any SQL', async ({ seeded }) => {
    const gateway = await withDefaultLimits(seeded);
    const nested = /* GraphQL */ `
      query Nested($size: Int) {
        articles(first: $size) { edges { node { people(first: $size) { edges { node { articles(first: $size) { edges { node { title } } } } } } } } }
      }
    `;
    const small = await postGraphQL(gateway.yoga, { query: nested, variables: { size: 3 } });
    expect(small.body.errors).toBeUndefined();
    const before = gateway.database.statementCount;
    const huge = await postGraphQL(gateway.yoga, { query: nested, variables: { size: 100 } });
    expect(huge.status).toBe(400);
    expect(huge.body.errors[0].extensions).toMatchObject({ code: 'MAX_COST_EXCEEDED', max: defaults.maxCost });
    expect(huge.body.errors[0].extensions.actual).toBeGreaterThan(1_000_000);
    expect(gateway.database.statementCount).toBe(before);
    // A full page of 100 articles with a few fields each is fine.
    const page = await postGraphQL(gateway.yoga, { query: '{ articles(first: 100) { edges { node { id slug title source { name } } } } }' });
    expect(page.body.errors).toBeUndefined();
    await gateway.yoga.dispose();
  });

  test('a page over the cap of 100 gets INVALID_PAGE_SIZE, not a cost error', async ({ seeded }) => {
    const gateway = await withDefaultLimits(seeded);
    const reply = await postGraphQL(gateway.yoga, { query: '{ articles(first: 100000) { edges { node { title } } } }' });
    expect(codeOf(reply)).toBe('INVALID_PAGE_SIZE');
    await gateway.yoga.dispose();
  });

  test('a body over MAX_BODY_BYTES is refused with 413, with or without Content-Length', async ({ seeded }) => {
    const gateway = await withDefaultLimits(seeded, { MAX_BODY_BYTES: '2000' });
    const big = JSON.stringify({ query: `{ articles { totalCount } } # ${'x'.repeat(3000)}` });
    const declared = await send(gateway.yoga, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(declared.status).toBe(413);
    expect(declared.body.errors[0].extensions).toMatchObject({ code: 'MAX_BODY_BYTES_EXCEEDED', max: 2000 });

    const chunks = new TextEncoder().encode(big);
    const stream = new ReadableStream({
      start(controller) {
        for (let offset = 0; offset < chunks.length; offset += 500) controller.enqueue(chunks.slice(offset, offset + 500));
        controller.close();
      },
    });
    const streamed = await send(gateway.yoga, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(codeOf(streamed)).toBe('MAX_BODY_BYTES_EXCEEDED');
    await gateway.yoga.dispose();
  });

  test('batched requests are off by default, and limited to MAX_BATCH when on', async ({ seeded }) => {
    const batch = (count: number) =>
      JSON.stringify(Array.from({ length: count }, () => ({ query: '{ articles(first: 1) { totalCount } }' })));
    const post = (yoga: TestGateway['yoga'], body: string) =>
      send(yoga, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

    const off = await withDefaultLimits(seeded);
    const refused = await post(off.yoga, batch(2));
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'MAX_BATCH_EXCEEDED', max: 0 });
    await off.yoga.dispose();

    const on = await withDefaultLimits(seeded, { MAX_BATCH: '2' });
    const two = await post(on.yoga, batch(2));
    expect(two.status).toBe(200);
    expect(two.body).toHaveLength(2);
    const three = await post(on.yoga, batch(3));
    expect(three.status).toBe(413);
    expect(three.body.errors[0].extensions).toMatchObject({ code: 'MAX_BATCH_EXCEEDED', max: 2, actual: 3 });
    await on.yoga.dispose();
  });
});
