import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/types.js';
import { entities, type EntityName } from '../model/entities.js';
import { filteredArticles, type ArticleFilter } from './article.js';
import type { Audience } from './audience.js';

// Search across articles (French full-text search) and named entities (trigram similarity of
// their names), ranked together in one statement. Every value is a bound parameter.

/** What search finds: the searchable entities of the content model (src/model/entities.ts). */
export type SearchType = { [Name in EntityName]: (typeof entities)[Name]['searchable'] extends true ? Name : never }[EntityName];

/** All types, in the order they come in among equal scores: the model's order. */
export const searchTypes = (Object.keys(entities) as EntityName[]).filter(
  (name): name is SearchType => entities[name].searchable,
) as readonly SearchType[];

/**
 * A place in the ranking: score descending, then type (in `searchTypes` order), then id. A
 * cursor carries it whole because the order is computed, not stored: there is no row to look
 * the score up from. A forged position can only move the page, never reveal anything.
 */
export interface SearchPosition {
  score: number;
  type: SearchType;
  id: number;
}

export interface SearchHit extends SearchPosition {
  /** Articles only: the passages that match, as HTML (see `toSnippetHtml`). */
  snippet: string | null;
}

export interface SearchScope {
  text: string;
  types: readonly SearchType[];
  /** Narrows the articles only. */
  filter: ArticleFilter;
  /** BCP 47 tag the articles must have; null for any. */
  language: string | null;
}

export interface SearchPage extends SearchScope {
  first: number;
  after: SearchPosition | null;
}

/**
 * Only the newest matches of an article search are ranked. A common word matches most of the
 * corpus and ranking means reading every match's vector; this caps the work of one request
 * (and keeps paging stable: every page ranks the same window). Rare words, the ones people
 * search for, match fewer articles and lose nothing.
 */
export const MAX_RANKED_ARTICLES = 1000;

/**
 * The most a query may say. Matching, ranking (ts_rank_cd) and highlighting (ts_headline) weigh
 * every word of the query at every place it occurs in each candidate article, and
 * websearch_to_tsquery keeps repeated words ("a a a" is 'a' & 'a' & 'a'): the work grows with
 * about the square of the word count, a repeated word as much as a new one. Over 20 000 articles,
 * 200 repeats of a common word held PostgreSQL 10 s, and PGlite has no statement timeout to stop
 * it; the worst query within these bounds (a 12-word phrase of that word) takes about 0.3 s. A
 * longer query is refused rather than cut: told why, a client can shorten it, where a silently
 * cut query would answer another question.
 */
export const MAX_QUERY_LENGTH = 200;
export const MAX_QUERY_WORDS = 12;

/** Words as the bound counts them: runs of letters and digits, repeats included (the query's terms, give or take hyphenated words). */
export function countQueryWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
}

/**
 * How close a typed name must be to an entity's name: pg_trgm word_similarity (the best
 * match of the query's trigrams with a run of words of the name). 0.6 is pg_trgm's default
 * threshold for the `<%` operator that the index serves; "Sesterse" scores 0.67 against
 * Sesterce, "Darragon" 0.7 and "daragon" 1 against Nicolas Daragon.
 */
export const NAME_SIMILARITY_THRESHOLD = 0.6;

// Title (A) counts ten times the body (C); lead (B) in between. Order: {D, C, B, A}.
const rankWeights = '{0.1, 0.2, 0.4, 1.0}';
// Normalisation 32: rank / (rank + 1), so that article scores fall in [0, 1) like name similarities.
const rankNormalisation = 32;

// Snippet markers: private-use characters, removed from the text first, so that the text can
// be HTML-escaped after ts_headline without escaping the highlights.
const markStart = '\u{E000}';
const markEnd = '\u{E001}';
const headlineOptions = `StartSel=${markStart}, StopSel=${markEnd}, MaxFragments=2, MaxWords=30, MinWords=12, FragmentDelimiter=" … "`;

/** French words of a web-search query: "quoted phrases", -word, or. */
const queryWords = (text: string) => sql`websearch_to_tsquery('french_unaccent', ${text})`;
/** The form names are indexed in (migration 0002): unaccented, lower case. */
const nameKey = (value: RawBuilder<unknown>) => sql`lower(immutable_unaccent(${value}))`;
const typeRank = (type: SearchType) => sql.lit(searchTypes.indexOf(type));

function articleHits(db: Kysely<Database>, scope: SearchScope, audience: Audience) {
  let matches = filteredArticles(db, scope.filter, audience)
    .select(['article.id', 'article.search_vector'])
    .where(sql<boolean>`article.search_vector @@ ${queryWords(scope.text)}`);
  if (scope.language) matches = matches.where('article.language', '=', scope.language);
  const newestMatches = matches.orderBy('article.listed_at', 'desc').orderBy('article.id', 'desc').limit(MAX_RANKED_ARTICLES);
  // matching articles: article_search_idx (GIN), then ranked
  return sql`select 'article' as type, ${typeRank('article')} as type_rank, match.id,
               ts_rank_cd(${rankWeights}::float4[], match.search_vector, ${queryWords(scope.text)}, ${sql.lit(rankNormalisation)})::float8 as score
             from ${newestMatches} as match`;
}

function entityHits(type: Exclude<SearchType, 'article'>, text: string) {
  const { table, nameColumn: column } = entities[type];
  const typed = nameKey(sql`${text}::text`);
  const name = nameKey(sql.ref(`${table}.${column}`));
  // entities by name: <table>_<column>_trgm_idx serves `<%`
  return sql`select ${sql.lit(type)} as type, ${typeRank(type)} as type_rank, ${sql.ref(`${table}.id`)} as id,
               word_similarity(${typed}, ${name})::float8 as score
             from ${sql.table(table)}
             where ${typed} <% ${name} and word_similarity(${typed}, ${name}) >= ${NAME_SIMILARITY_THRESHOLD}`;
}

/** Every hit of the scope, unordered: (type, type_rank, id, score). Null when no type is asked for. */
function allHits(db: Kysely<Database>, scope: SearchScope, audience: Audience): RawBuilder<unknown> | null {
  const branches = scope.types.map((type) => (type === 'article' ? articleHits(db, scope, audience) : entityHits(type, scope.text)));
  return branches.length ? sql.join(branches, sql` union all `) : null;
}

function after(position: SearchPosition | null) {
  if (!position) return sql`true`;
  return sql`(hit.score < ${position.score}
              or (hit.score = ${position.score} and (hit.type_rank, hit.id) > (${typeRank(position.type)}, ${position.id})))`;
}

interface SearchHitRow {
  type: SearchType;
  id: number;
  score: number;
  snippet: string | null;
}

/** The statement of a search page, unexecuted: tests EXPLAIN it. Null when no type is asked for. */
export function searchStatement(db: Kysely<Database>, page: SearchPage, audience: Audience): RawBuilder<SearchHitRow> | null {
  const hits = allHits(db, page, audience);
  if (!hits) return null;
  // a search page: one more hit than asked tells if more follow; snippets for that page only
  return sql<SearchHitRow>`
    select page.type, page.id, page.score,
           case when article.id is not null then
             ts_headline('french_unaccent', translate(concat_ws(' ', article.lead, article.body), ${markStart + markEnd}, ''),
                         ${queryWords(page.text)}, ${headlineOptions})
           end as snippet
    from (
      select hit.type, hit.type_rank, hit.id, hit.score
      from (${hits}) as hit
      where ${after(page.after)}
      order by hit.score desc, hit.type_rank, hit.id
      limit ${page.first + 1}
    ) as page
    left join article on page.type = 'article' and article.id = page.id
    order by page.score desc, page.type_rank, page.id`;
}

export async function searchContent(
  db: Kysely<Database>,
  page: SearchPage,
  audience: Audience,
): Promise<{ hits: SearchHit[]; hasNextPage: boolean }> {
  const statement = searchStatement(db, page, audience);
  if (!statement) return { hits: [], hasNextPage: false };
  const { rows } = await statement.execute(db);
  return {
    hits: rows.slice(0, page.first).map((row) => ({ ...row, snippet: row.snippet ? toSnippetHtml(row.snippet) : null })),
    hasNextPage: rows.length > page.first,
  };
}

export async function countSearchHits(db: Kysely<Database>, scope: SearchScope, audience: Audience): Promise<number> {
  const hits = allHits(db, scope, audience);
  if (!hits) return 0;
  // how many hits a search has (articles: up to MAX_RANKED_ARTICLES)
  const { rows } = await sql<{ count: string }>`select count(*) as count from (${hits}) as hit`.execute(db);
  return Number(rows[0]?.count ?? 0);
}

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * A ts_headline result as safe HTML: the text escaped, each matching word in `<mark>…</mark>`,
 * passages joined by " … ". The only tags it can contain are those marks.
 */
export function toSnippetHtml(headline: string): string {
  return headline
    .replace(/[&<>"']/g, (character) => htmlEscapes[character]!)
    .replaceAll(markStart, '<mark>')
    .replaceAll(markEnd, '</mark>');
}
