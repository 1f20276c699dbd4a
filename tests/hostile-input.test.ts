import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { encodeGlobalId } from '../src/schema/global-id.js';
import { createTestGateway, type TestGateway } from './support/gateway.js';
import { postGraphQL, send } from './support/http.js';
import { describe, expect, test } from './support/search-content.js';

// What a hostile client tries: searches built to tie up the database, cursors forged to peek at
// drafts, and input PostgreSQL or the server cannot take. Each gets a stable code, a 4xx where the
// status is the signal, and nothing is read or written that the refusal should have prevented.

const DRAFT_SLUG = 'brouillon-sesterce-second-data-center-valence';
const DRAFT_TITLE = 'Brouillon : Sesterce prévoit un second data center à Valence';

const cursorOf = (order: string, id: number) => Buffer.from(`${order}:${id}`).toString('base64url');

async function draftId(gateway: TestGateway): Promise<number> {
  const { rows } = await sql<{ id: number }>`select id from article where slug = ${DRAFT_SLUG}`.execute(gateway.database.db);
  return rows[0]!.id;
}

/** Nothing in the response names the draft: not its title, its slug, its row id or its global id. */
function expectNothingOfTheDraft(body: unknown, id: number) {
  const text = JSON.stringify(body);
  expect(text).not.toContain(DRAFT_TITLE);
  expect(text).not.toContain(DRAFT_SLUG);
  expect(text).not.toContain(encodeGlobalId('Article', id));
  expect(text).not.toMatch(new RegExp(`\\b${id}\\b`));
}

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

describe('forged cursors', () => {
  const byTitle = /* GraphQL */ `
    query ($after: String, $before: String, $first: Int, $last: Int) {
      articles(orderBy: { field: TITLE, direction: ASC }, after: $after, before: $before, first: $first, last: $last) {
        edges { cursor node { title } }
      }
    }
  `;

  test("a reader's cursor naming a draft is INVALID_CURSOR, exactly like one naming no row", async ({ searchable }) => {
    const id = await draftId(searchable);
    const draft = await searchable.execute(byTitle, { after: cursorOf('TITLE_ASC', id), first: 2 });
    const missing = await searchable.execute(byTitle, { after: cursorOf('TITLE_ASC', 999_999), first: 2 });
    expect(draft.body.errors[0].extensions.code).toBe('INVALID_CURSOR');
    expect(draft.body.data).toBeNull();
    expect(draft.body).toEqual(missing.body);
    expect(draft.status).toBe(missing.status);
    expectNothingOfTheDraft(draft.body, id);

    const before = await searchable.execute(byTitle, { before: cursorOf('TITLE_ASC', id), last: 2 });
    const beforeMissing = await searchable.execute(byTitle, { before: cursorOf('TITLE_ASC', 999_999), last: 2 });
    expect(before.body.errors[0].extensions.code).toBe('INVALID_CURSOR');
    expect(before.body).toEqual(beforeMissing.body);
  });

  test("nested lists and an entity's articles refuse it the same way", async ({ searchable }) => {
    const id = await draftId(searchable);
    const queries = [
      `query ($after: String) { organisation(slug: "sesterce") { articles(first: 5, after: $after) { edges { node { title } } } } }`,
      `query ($after: String) { person(slug: "nicolas-daragon") { articles(first: 5, after: $after) { edges { node { title } } } } }`,
      `query ($after: String) { topics { edges { node { articles(first: 5, after: $after) { edges { node { title } } } } } } }`,
      `query ($after: String) { articles(first: 5, after: $after) { edges { node { title } } } }`,
    ];
    for (const query of queries) {
      const draft = await searchable.execute(query, { after: cursorOf('LISTED_AT_DESC', id) });
      const missing = await searchable.execute(query, { after: cursorOf('LISTED_AT_DESC', 999_999) });
      expect(draft.body.errors?.[0]?.extensions.code, query).toBe('INVALID_CURSOR');
      expect(draft.body.errors.map((error: any) => error.message)).toEqual(missing.body.errors.map((error: any) => error.message));
      expectNothingOfTheDraft(draft.body, id);
    }
  });

  test('editors page through drafts with the same cursor', async ({ searchable }) => {
    const editorKey = await searchable.createKey(['editor']);
    const id = await draftId(searchable);
    const all = await searchable.execute(byTitle, { first: 100 }, { key: editorKey });
    const titles = all.body.data.articles.edges.map((edge: any) => edge.node.title);
    const draftIndex = titles.indexOf(DRAFT_TITLE);
    expect(draftIndex).toBeGreaterThanOrEqual(0);
    const after = await searchable.execute(byTitle, { after: cursorOf('TITLE_ASC', id), first: 100 }, { key: editorKey });
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data.articles.edges.map((edge: any) => edge.node.title)).toEqual(titles.slice(draftIndex + 1));
    const nested = await searchable.execute(
      `query ($after: String) { organisation(slug: "sesterce") { articles(first: 5, after: $after) { edges { node { title } } } } }`,
      { after: cursorOf('LISTED_AT_DESC', id) },
      { key: editorKey },
    );
    expect(nested.body.errors).toBeUndefined();
  });

  test('the cursor of the last row a reader sees gives an empty page, not an error', async ({ searchable }) => {
    const all = await searchable.execute(byTitle, { first: 100 });
    const last = all.body.data.articles.edges.at(-1).cursor;
    const response = await searchable.execute(byTitle, { after: last, first: 5 });
    expect(response.body).toEqual({ data: { articles: { edges: [] } } });
    const nested = await searchable.execute(
      `query ($after: String) { organisation(slug: "sesterce") { articles(first: 5, after: $after) { edges { cursor } } } }`,
      { after: null },
    );
    const lastNested = nested.body.data.organisation.articles.edges.at(-1).cursor;
    const afterLast = await searchable.execute(
      `query ($after: String) { organisation(slug: "sesterce") { articles(first: 5, after: $after) { edges { cursor } } } }`,
      { after: lastNested },
    );
    expect(afterLast.body).toEqual({ data: { organisation: { articles: { edges: [] } } } });
  });
});

describe('input the database cannot take', () => {
  async function countRows(gateway: TestGateway) {
    const { rows } = await sql<{ articles: string; audits: string; links: string; people: string }>`
      select (select count(*) from article) as articles, (select count(*) from audit_log) as audits,
             (select count(*) from article_person) as links, (select count(*) from person) as people
    `.execute(gateway.database.db);
    return rows[0];
  }

  test('a NUL character in a string, literal or variable, is BAD_USER_INPUT (400) before any SQL', async ({ searchable }) => {
    const editorKey = await searchable.createKey(['editor']);
    const before = await countRows(searchable);
    const cases: Array<[string, Record<string, unknown>, { key?: string }]> = [
      [`{ article(slug: "a\\u0000b") { title } }`, {}, {}],
      [`query ($slug: String!) { article(slug: $slug) { title } }`, { slug: 'a\u0000b' }, {}],
      [`query ($text: String!) { search(query: $text) { edges { score } } }`, { text: 'valence\u0000' }, {}],
      [`query ($f: ArticleFilter) { articles(filter: $f) { edges { cursor } } }`, { f: { languages: ['fr\u0000'] } }, {}],
      [
        `mutation ($input: CreateArticleInput!) { createArticle(input: $input) { errors { code } } }`,
        { input: { kind: 'EXPERT', title: 'Titre\u0000', language: 'fr' } },
        { key: editorKey },
      ],
      [`mutation { createArticle(input: { kind: EXPERT, title: """a\u0000""", language: "fr" }) { errors { code } } }`, {}, { key: editorKey }],
    ];
    for (const [query, variables, options] of cases) {
      const response = await searchable.execute(query, variables, options);
      expect(response.status, query).toBe(400);
      expect(response.body.errors[0].extensions.code, query).toBe('BAD_USER_INPUT');
      expect(response.body.errors[0].message).toMatch(/NUL/);
      expect(response.body.data).toBeUndefined();
      expect(response.statements, query).toBe(0); // not even the key's lookup
    }
    expect(await countRows(searchable)).toEqual(before);
  });

  test('variables nested 5 000 deep are BAD_USER_INPUT (400) before coercion and before any SQL', async ({ searchable }) => {
    // Written by hand: JSON.stringify itself gives up on such depths.
    const deep = (open: string, inner: string, close: string) => open.repeat(5000) + inner + close.repeat(5000);
    const requests = [
      ['query ($filter: ArticleFilter) { articles(filter: $filter) { edges { cursor } } }', `{"filter": ${deep('{"a": ', '{}', '}')}}`],
      ['query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', `{"ids": ${deep('[', '', ']')}}`],
    ];
    for (const [query, variables] of requests) {
      const statements = searchable.database.statementCount;
      const reply = await send(searchable.yoga, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: `{"query": ${JSON.stringify(query)}, "variables": ${variables}}`,
      });
      expect(reply.status).toBe(400);
      expect(reply.body.errors).toHaveLength(1);
      expect(reply.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', max: 10 });
      expect(reply.body.errors[0].message).toMatch(/nested deeper than 10 levels \(MAX_VARIABLES_DEPTH\)/);
      expect(searchable.database.statementCount).toBe(statements);
    }
  });

  test('a subscription is OPERATION_NOT_SUPPORTED (400): the API has none', async ({ searchable }) => {
    const reply = await postGraphQL(searchable.yoga, { query: 'subscription { x }' });
    expect(reply.status).toBe(400);
    expect(reply.body.errors).toHaveLength(1);
    expect(reply.body.errors[0].extensions.code).toBe('OPERATION_NOT_SUPPORTED');
    expect(reply.body.errors[0].message).toMatch(/no subscriptions/);
    const named = await postGraphQL(searchable.yoga, {
      query: 'query Q { articles(first: 1) { totalCount } } subscription S { articles { totalCount } }',
      operationName: 'S',
    });
    expect(named.status).toBe(400);
    expect(named.body.errors[0].extensions.code).toBe('OPERATION_NOT_SUPPORTED');
  });

  test('linkArticle racing deletePerson: NOT_FOUND on `entity`, nothing written', async ({ searchable }) => {
    const editorKey = await searchable.createKey(['editor']);
    const created = await searchable.execute(
      `mutation { createPerson(input: { fullName: "Personne Éphémère" }) { person { id } errors { code } } }`,
      {},
      { key: editorKey },
    );
    const personId = created.body.data.createPerson.person.id;
    const articleId = encodeGlobalId('Article', (await sql<{ id: number }>`select id from article where status = 'published' limit 1`.execute(searchable.database.db)).rows[0]!.id);
    // The race, made deterministic: the person goes away between linkArticle's existence check
    // and its insert of the link, as a concurrent deletePerson would make it.
    const db = searchable.database.db;
    await sql`create function vanish_person() returns trigger language plpgsql as $$
                begin delete from person where id = new.person_id; return new; end $$`.execute(db);
    await sql`create trigger vanish_person before insert on article_person for each row execute function vanish_person()`.execute(db);
    try {
      const before = await countRows(searchable);
      const response = await searchable.execute(
        `mutation ($input: LinkArticleInput!) { linkArticle(input: $input) { article { id } errors { path code message } } }`,
        { input: { article: articleId, entity: personId, role: 'QUOTED' } },
        { key: editorKey },
      );
      expect(response.status).toBe(200);
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data.linkArticle).toEqual({
        article: null,
        errors: [{ path: ['entity'], code: 'NOT_FOUND', message: expect.stringMatching(/no longer exists/) }],
      });
      expect(await countRows(searchable)).toEqual(before);
    } finally {
      await sql`drop trigger vanish_person on article_person`.execute(db);
      await sql`drop function vanish_person()`.execute(db);
    }
  });
});
