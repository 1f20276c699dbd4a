import { describe, expect, test } from './support/search-content.js';
import type { TestGateway } from './support/gateway.js';
import { HIT_TYPE_AND_SLUG } from '../scripts/search-quality.js';

// Search over the seed story and tests/support/search-content.ts: French full-text search of
// articles, typo-tolerant names, ranking, snippets, filters, paging and bad input.

const searchQuery = /* GraphQL */ `
  query ($query: String!, $types: [SearchType!], $language: String, $filter: ArticleFilter, $first: Int, $after: String) {
    search(query: $query, types: $types, language: $language, filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      edges {
        cursor
        score
        snippet
        node {
          ${HIT_TYPE_AND_SLUG}
        }
      }
    }
  }
`;

async function search(gateway: TestGateway, variables: Record<string, unknown>) {
  const { body } = await gateway.execute(searchQuery, variables);
  expect(body.errors).toBeUndefined();
  return body.data.search;
}

/** "Type:slug" of each result, in order. */
async function found(gateway: TestGateway, query: string, variables: Record<string, unknown> = {}) {
  const { edges } = await search(gateway, { query, ...variables });
  return edges.map((edge: any) => `${edge.node.__typename}:${edge.node.slug}`);
}

const articlesOnly = { types: ['ARTICLE'] };
const valence = 'Article:ia-mega-data-center-valence-sesterce';
const draft = 'Article:brouillon-sesterce-second-data-center-valence';

describe('search', () => {
  test('"donnees intelligence artificielle" finds the Valence data center story first, highlighted', async ({ searchable }) => {
    const { edges } = await search(searchable, { query: 'donnees intelligence artificielle' });
    expect(`${edges[0].node.__typename}:${edges[0].node.slug}`).toBe(valence);
    expect(edges[0].score).toBeGreaterThan(0);
    expect(edges[0].score).toBeLessThan(1);
    // "données" is highlighted although the query said "donnees": the marks follow the search.
    expect(edges[0].snippet).toContain('<mark>données</mark>');
    expect(edges.map((edge: any) => edge.node.slug)).not.toContain(draft.split(':')[1]);
  });

  test('a typo finds the entity: "Sesterse" finds Sesterce, "Daragon" and "daragon" find Nicolas Daragon', async ({ searchable }) => {
    expect((await found(searchable, 'Sesterse'))[0]).toBe('Organisation:sesterce');
    expect((await found(searchable, 'Daragon'))[0]).toBe('Person:nicolas-daragon');
    expect((await found(searchable, 'daragon'))[0]).toBe('Person:nicolas-daragon');
    expect((await found(searchable, 'Darragon', { types: ['PERSON'] }))).toEqual(['Person:nicolas-daragon']);
    expect(await found(searchable, 'Journal du Dimanche', { types: ['SOURCE'] })).toEqual(['Source:le-journal-du-dimanche']);
    expect(await found(searchable, 'mega data center', { types: ['PROJECT'] })).toEqual([
      'Project:data-center-ia-valence-rovaltain',
    ]);
  });

  test('one scale: a name holding the query comes before the articles that say it, and only articles have snippets', async ({ searchable }) => {
    const { edges } = await search(searchable, { query: 'Daragon' });
    const [person, ...others] = edges;
    expect(person).toMatchObject({ snippet: null, node: { __typename: 'Person' } });
    expect(person.score).toBeGreaterThanOrEqual(0.9);
    expect(person.score).toBeLessThan(1); // 1 is for the exact name
    const article = others.find((edge: any) => edge.node.__typename === 'Article');
    expect(article.score).toBeLessThan(person.score);
    expect(article.node.slug).toBe('ia-mega-data-center-valence-sesterce');
    expect(article.snippet).toContain('<mark>Daragon</mark>');
  });

  test('accents and case are ignored: "DONNÉES", "données" and "donnees" find the same articles', async ({ searchable }) => {
    const results = await Promise.all(['DONNÉES', 'données', 'donnees'].map((query) => found(searchable, query, articlesOnly)));
    expect(results[0]).toContain(valence);
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  test('words are stemmed: "centres" finds an article that only says "centre"', async ({ searchable }) => {
    const { edges } = await search(searchable, { query: 'centres documentation', ...articlesOnly });
    expect(edges[0].node.slug).toBe('selection-de-la-redaction-ia');
    expect(edges[0].snippet).toContain('<mark>centre</mark>');
    // The only article holding both words: the others, holding one, come after it, below 0.8.
    expect(edges.slice(1).every((edge: any) => edge.score < 0.8)).toBe(true);
  });

  test('web-search syntax: quoted phrases, -word and or', async ({ searchable }) => {
    expect(await found(searchable, '"centre de données"', articlesOnly)).toContain(valence);
    expect(await found(searchable, '"données centre"', articlesOnly)).toEqual([]);
    const withoutSesterce = await found(searchable, 'intelligence artificielle -sesterce', articlesOnly);
    expect(withoutSesterce).toContain('Article:chatgpt-redefinir-metier-professeur-histoire-geo');
    expect(withoutSesterce).not.toContain(valence);
    expect((await found(searchable, 'rovaltain or bachelor', articlesOnly)).sort()).toEqual([
      valence,
      'Article:nouveau-bachelor-agro-modalites-decrets',
    ]);
  });

  test('a draft is never returned, however well it matches', async ({ searchable }) => {
    expect(await found(searchable, 'brouillon')).toEqual([]);
    expect(await found(searchable, 'second data center', articlesOnly)).not.toContain(draft);
    expect(await found(searchable, 'Sesterce Rovaltain', articlesOnly)).toEqual([valence]);
  });

  test('snippets are HTML: the text escaped, only <mark> tags', async ({ searchable }) => {
    const { edges } = await search(searchable, { query: 'documentation', ...articlesOnly });
    const { snippet } = edges[0];
    expect(snippet).toContain("l&#39;IA &amp; l&#39;école, à lire au centre de <mark>documentation</mark>");
    expect(snippet.replaceAll('<mark>', '').replaceAll('</mark>', '')).not.toMatch(/[<>]/);
  });

  test('a snippet always marks what the article was found by, and says where it is cut', async ({ searchable }) => {
    // "accélère" is only in the title of the JDD story: the snippet is the title, marked.
    const { edges } = await search(searchable, { query: 'accelere', ...articlesOnly });
    expect(edges[0].node.slug).toBe('data-centers-ia-la-france-accelere');
    expect(edges[0].snippet).toBe('Data centers : la France <mark>accélère</mark> …');
    // Every snippet of a broad search has a mark; a passage cut inside a sentence ends with " …", never inside a word.
    const broad = await search(searchable, { query: 'intelligence or valence or donnees', ...articlesOnly, first: 20 });
    for (const { snippet } of broad.edges) {
      expect(snippet).toContain('<mark>');
      expect(snippet).toMatch(/([.!?»)]|<\/mark>| …)$/);
    }
  });

  test('articles can be filtered like `articles`, and by language', async ({ searchable }) => {
    const query = 'intelligence artificielle';
    expect(await found(searchable, query, { ...articlesOnly, filter: { kinds: ['NEWS'] } })).toEqual([valence]);
    expect(await found(searchable, query, { ...articlesOnly, language: 'en' })).toEqual([]);
    expect((await found(searchable, query, { ...articlesOnly, language: 'fr' })).length).toBeGreaterThan(1);
  });

  test('pages follow the ranking through cursors, with the total', async ({ searchable }) => {
    const query = 'intelligence or ia or donnees';
    const all = await search(searchable, { query, ...articlesOnly, first: 100 });
    expect(all.totalCount).toBe(all.edges.length);
    expect(all.edges.length).toBeGreaterThanOrEqual(3);
    const scores = all.edges.map((edge: any) => edge.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));

    const paged: string[] = [];
    let after: string | null = null;
    do {
      const page: any = await search(searchable, { query, ...articlesOnly, first: 1, after });
      expect(page.edges).toHaveLength(1);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      paged.push(page.edges[0].node.slug);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(paged).toEqual(all.edges.map((edge: any) => edge.node.slug));
  });

  test('pages go backward through `last` and `before`, in the same ranking', async ({ searchable }) => {
    const backwardQuery = /* GraphQL */ `
      query ($query: String!, $last: Int, $before: String) {
        search(query: $query, types: [ARTICLE], last: $last, before: $before) {
          pageInfo { hasNextPage hasPreviousPage startCursor }
          edges { node { ... on Article { slug } } }
        }
      }
    `;
    const query = 'intelligence or ia or donnees';
    const all = (await search(searchable, { query, ...articlesOnly, first: 100 })).edges.map((edge: any) => edge.node.slug);
    const paged: string[] = [];
    let before: string | null = null;
    do {
      const { body }: any = await searchable.execute(backwardQuery, { query, last: 2, before });
      expect(body.errors).toBeUndefined();
      const page = body.data.search;
      expect(page.pageInfo.hasNextPage).toBe(before !== null);
      paged.unshift(...page.edges.map((edge: any) => edge.node.slug));
      before = page.pageInfo.hasPreviousPage ? page.pageInfo.startCursor : null;
    } while (before);
    expect(paged).toEqual(all);
    // The last result, then the one just before it.
    const { body } = await searchable.execute(backwardQuery, { query, last: 1 });
    expect(body.data.search.edges.map((edge: any) => edge.node.slug)).toEqual([all.at(-1)]);
    const forwardAndBack = await searchable.execute(`{ search(query: "valence", first: 1, last: 1) { totalCount } }`);
    expect(forwardAndBack.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  test('bad input gets a clear error with a code', async ({ searchable }) => {
    const errorOf = async (variables: Record<string, unknown>) => {
      const { body } = await searchable.execute(searchQuery, variables);
      expect(body.data?.search ?? null).toBeNull();
      return { code: body.errors[0].extensions.code, message: body.errors[0].message };
    };
    expect(await errorOf({ query: '   ' })).toEqual({ code: 'BAD_USER_INPUT', message: '`query` is empty: give at least one word.' });
    expect((await errorOf({ query: 'x'.repeat(501) })).code).toBe('BAD_USER_INPUT');
    expect((await errorOf({ query: 'valence', types: [] })).code).toBe('BAD_USER_INPUT');
    expect((await errorOf({ query: 'valence', language: 'French' })).code).toBe('BAD_USER_INPUT');
    expect((await errorOf({ query: 'valence', first: 101 })).code).toBe('INVALID_PAGE_SIZE');
    expect((await errorOf({ query: 'valence', after: 'bm90LWEtY3Vyc29y' })).code).toBe('INVALID_CURSOR');
    // A cursor of another list is not a search position.
    const { body } = await searchable.execute(`{ articles(first: 1) { pageInfo { endCursor } } }`);
    expect((await errorOf({ query: 'valence', after: body.data.articles.pageInfo.endCursor })).code).toBe('INVALID_CURSOR');
  });
});
