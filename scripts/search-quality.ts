import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { importContent } from '../src/content/importer.js';
import { seedSynthetic } from '../src/content/synthetic.js';
import type { Database } from '../src/db/types.js';
import { SYNTHETIC_ARTICLES, judgedSet, type JudgedQuery } from './search-judged-set.js';

// Measures search quality on the judged set: shared by `npm run search:eval` and the test that
// keeps MRR@5 from falling.

/** How deep a reader looks: MRR@5. */
export const CUTOFF = 5;

/** The content the judged set was written against: the seed story, the demo set and the starter synonyms, as on first start, and the synthetic corpus. */
export async function loadJudgedContent(db: Kysely<Database>): Promise<void> {
  for (const [file, demo] of [['seed-article.json', false], ['demo.json', true], ['synonyms.json', false]] as const) {
    const content = JSON.parse(await readFile(new URL(`../src/content/seed/${file}`, import.meta.url), 'utf8'));
    const report = await importContent(db, content, { demo });
    if (report.rejected.length) throw new Error(`${file} rejected: ${JSON.stringify(report.rejected[0])}`);
  }
  await seedSynthetic(db, { articles: SYNTHETIC_ARTICLES });
}

/** Runs one GraphQL operation and returns its parsed body. */
export type Execute = (query: string, variables: Record<string, unknown>) => Promise<any>;

/** A search hit's type and slug, whatever its type: "Type:slug" names it in the judged set and the tests. */
export const HIT_TYPE_AND_SLUG = `__typename ... on Article { slug } ... on Person { slug } ... on Organisation { slug }
  ... on Project { slug } ... on Source { slug }`;

const searchOperation = /* GraphQL */ `
  query ($query: String!, $first: Int) {
    search(query: $query, first: $first) {
      edges {
        node {
          ${HIT_TYPE_AND_SLUG}
        }
      }
    }
  }
`;

export interface JudgedResult extends JudgedQuery {
  /** "Type:slug" of the first CUTOFF results. */
  found: string[];
  /** 1/rank of the first relevant result within CUTOFF, else 0. */
  reciprocalRank: number;
}

export interface Evaluation {
  results: JudgedResult[];
  mrr: number;
  zeroResultRate: number;
}

export async function evaluateSearch(execute: Execute, queries: readonly JudgedQuery[] = judgedSet): Promise<Evaluation> {
  const results: JudgedResult[] = [];
  for (const judged of queries) {
    const body = await execute(searchOperation, { query: judged.query, first: CUTOFF });
    if (body.errors) throw new Error(`"${judged.query}": ${body.errors[0].message}`);
    const found: string[] = body.data.search.edges.map((edge: any) => `${edge.node.__typename}:${edge.node.slug}`);
    const rank = found.findIndex((result) => judged.relevant.includes(result));
    results.push({ ...judged, found, reciprocalRank: rank < 0 ? 0 : 1 / (rank + 1) });
  }
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  return {
    results,
    mrr: mean(results.map((result) => result.reciprocalRank)),
    zeroResultRate: mean(results.map((result) => (result.found.length ? 0 : 1))),
  };
}
