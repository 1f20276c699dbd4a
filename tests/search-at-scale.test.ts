import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { Database } from '../src/db/types.js';
import { searchStatement, searchTypes, type SearchPage } from '../src/repositories/search.js';
import { findQueryTerms } from '../src/repositories/search-terms.js';
import { describe, expect, test } from './support/gateway.js';

// Search and related content on the 1 000-article synthetic corpus (plus the seed story): the
// number of statements does not grow with the page, and the search statement runs on its indexes.

const articlesWithRelated = (size: number) => /* GraphQL */ `
  {
    articles(first: ${size}) {
      edges { node { slug related(first: 3) { score pinned article { slug } reasons { kind slug name } } } }
    }
  }
`;

const articlesWithJsonLd = (size: number) => /* GraphQL */ `{ articles(first: ${size}) { edges { node { jsonLd } } } }`;

/** The plan of a search page for words the corpus uses often, with what each step outputs: its lines. */
async function commonQueryPlan(db: Kysely<Database>): Promise<string[]> {
  const text = 'centre de donnees';
  const page = { text, terms: await findQueryTerms(db, text), types: searchTypes, filter: {}, language: null, size: 20, direction: 'forward' as const, from: null };
  const statement = searchStatement(db, page, 'reader')!.compile(db);
  const { rows } = await db.executeQuery<{ 'QUERY PLAN': string }>(
    CompiledQuery.raw(`explain (verbose, costs off) ${statement.sql}`, [...statement.parameters]),
  );
  return rows.map((row) => row['QUERY PLAN']);
}

describe('search and related at scale', () => {
  test('related(first: 3) for a page of 50 articles costs the statements of a page of 5', async ({ corpus }) => {
    const small = await corpus.execute(articlesWithRelated(5));
    const large = await corpus.execute(articlesWithRelated(50));
    expect(small.body.errors).toBeUndefined();
    expect(large.body.errors).toBeUndefined();
    const edges = large.body.data.articles.edges;
    expect(edges).toHaveLength(50);
    for (const edge of edges) {
      expect(edge.node.related).toHaveLength(3);
      expect(edge.node.related.map((item: any) => item.article.slug)).not.toContain(edge.node.slug);
    }
    // Most synthetic articles share something with others: reasons come with the batch.
    expect(edges.filter((edge: any) => edge.node.related[0].reasons.length > 0).length).toBeGreaterThan(25);
    // the articles, then every article's related articles at once.
    expect(large.statements).toBe(2);
    expect(small.statements).toBe(large.statements);
  });

  test('jsonLd for a page of 50 articles costs the statements of a page of 5', async ({ corpus }) => {
    const small = await corpus.execute(articlesWithJsonLd(5));
    const large = await corpus.execute(articlesWithJsonLd(50));
    expect(large.body.errors).toBeUndefined();
    for (const edge of large.body.data.articles.edges) expect(edge.node.jsonLd['@type']).toBe('NewsArticle');
    // The page, the entities of all its articles, their sources (for the sources' logos).
    expect(large.statements).toBe(3);
    expect(small.statements).toBe(large.statements);
  });

  test('a search page costs two statements (the query\'s words, then the page with its articles), plus one per other type found', async ({ corpus }) => {
    const { body, statements } = await corpus.execute(/* GraphQL */ `
      {
        search(query: "Rennes", first: 100) {
          edges { node { __typename ... on Article { title source { name } } ... on Person { fullName } ... on Organisation { name } } }
        }
      }
    `);
    expect(body.errors).toBeUndefined();
    const types = new Set(body.data.search.edges.map((edge: any) => edge.node.__typename));
    expect(types).toContain('Article');
    expect(types.size).toBeGreaterThan(1);
    expect(statements).toBe(2 + types.size - 1);
  });

  test('the search statement reads the candidates from the top of the words\' index ranges', async ({ corpus, seeded }) => {
    const db = seeded.database.db;
    const planOf = async (page: SearchPage) => {
      const statement = searchStatement(db, page, 'reader')!.compile(db);
      const { rows } = await db.executeQuery<{ 'QUERY PLAN': string }>(
        CompiledQuery.raw(`explain (analyze, costs off, timing off) ${statement.sql}`, [...statement.parameters]),
      );
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    };
    expect(corpus).toBe(seeded); // one database: the corpus and the seed story
    const page = { types: searchTypes, filter: {}, language: null, size: 20, direction: 'forward' as const, from: null };
    await sql`analyze article`.execute(db);
    for (const text of ['Rovaltain', 'centre de donnees']) {
      const plan = await planOf({ ...page, text, terms: await findQueryTerms(db, text) });
      expect(plan).toMatch(/(Scan using|Bitmap Index Scan on) article_term_impact_idx/);
      // each candidate read alone, up to the bound: no article or word read wholesale
      expect(plan).not.toMatch(/Seq Scan on article(_term)?\b(?!.*never executed)/);
      expect(plan).not.toMatch(/Bitmap Heap Scan on article\b(?!.*never executed)/);
    }
  });

  test('the search statement reads each name\'s stored forms and weighs its closeness once', async ({ corpus }) => {
    const plan = (await commonQueryPlan(corpus.database.db)).join('\n');
    // Stored forms (migration 0012), not a name's words or unaccented form computed again at every row and clause.
    expect(plan).not.toMatch(/to_tsvector/);
    expect(plan).not.toMatch(/unaccent\((\w+\.)?(full_)?name\)/);
    // One word similarity per name looked at: in the step that finds the names, not in every clause.
    expect(plan.match(/word_similarity\(/g)).toHaveLength(searchTypes.length - 1);
  });

  test('the search statement hands on scores, not vectors, from one step to the next', async ({ corpus }) => {
    const lines = await commonQueryPlan(corpus.database.db);
    // What each read of a materialized step (its CTE Scan) outputs: reading a vector back from one costs more than ranking it.
    const handedOn = lines.flatMap((line, index) => (/CTE Scan on/.test(line) ? [lines[index + 1]!.trim()] : []));
    expect(handedOn.length).toBeGreaterThan(0);
    for (const output of handedOn) expect(output).not.toMatch(/vector|search_head/);
  });
});
