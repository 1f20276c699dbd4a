import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/types.js';
import { entities, type EntityName } from '../model/entities.js';
import { filteredArticles, withSource, type ArticleFilter, type ArticleRow, type ArticleWithSource, type SourceJoin } from './article.js';
import type { Audience } from './audience.js';
import type { Concept, QueryTerms } from './search-terms.js';

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
  /** Articles only: the article, read with the page (see ArticleRead). */
  article: ArticleWithSource<Partial<ArticleRow>> | null;
}

/**
 * What the page statement reads of each article found, so that no statement follows to load
 * them: its columns (those the query selects: not twenty bodies for a page of titles), and its
 * source's when the query selects the source.
 */
export interface ArticleRead {
  columns: readonly string[];
  source: SourceJoin;
}

export interface SearchScope {
  text: string;
  /** What the text asks of articles (search-terms.ts), looked up once per request. */
  terms: QueryTerms;
  types: readonly SearchType[];
  /** Narrows the articles only. */
  filter: ArticleFilter;
  /** BCP 47 tag the articles must have; null for any. */
  language: string | null;
}

export interface SearchPage extends SearchScope {
  /** How many hits. */
  size: number;
  /** Forward: the hits after `from` (from the start when null); backward: those just before it (the end when null). */
  direction: 'forward' | 'backward';
  from: SearchPosition | null;
}

/**
 * The bound that keeps the best ("champion lists"): for each word of the query (each lexeme of
 * its concepts, synonyms and corrections included), the MAX_RANKED_PER_WORD articles the reader
 * may see and the filters keep where that word weighs most are the candidates, and only they are
 * ranked. A word's weight in an article, its impact, is kept ahead (article_term, migration
 * 0014): the sum of the weights of the places it holds it (title 1, lead 0.4, body 0.2), the
 * newest first among equals. The best matches hold the words where they weigh most, so they are
 * among the candidates: they are read from the top of one index range per word, where ranking
 * every article holding a common word meant reading most of the corpus. Every page ranks the
 * same candidates, so paging is stable; `totalCount` and `facets` count those ranked.
 */
export const MAX_RANKED_PER_WORD = 100;

/**
 * When fewer candidates than this hold every concept of the query, those holding some of them
 * come too, ranked below: by the share of the query they hold, rare words weighing more.
 */
export const FALLBACK_BELOW = 10;

/**
 * One scale for every type, in [0, 1]:
 * - an article scores ARTICLE_COVERAGE × the (weighted) share of the query's concepts it holds
 *   + ARTICLE_RANK × rank / (rank + 1) of its French full-text rank (title > lead > body);
 * - a name holding every word of the query (trigram word similarity 1) scores NAME_MATCH +
 *   (1 − NAME_MATCH) × its similarity with the whole query: 1 for the exact name;
 * - a name that is only close (a typo, some words) scores NAME_CLOSE × its word similarity, and
 *   NAME_CLOSE when it holds every concept of the query, as an article would (synonyms count);
 * So the exact name comes first, an article holding every word before a name holding some.
 */
export const ARTICLE_COVERAGE = 0.8;
export const ARTICLE_RANK = 0.19;
export const NAME_MATCH = 0.9;
export const NAME_CLOSE = 0.75;

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

// Title (A) counts ten times the body (C); lead (B) in between: ts_rank_cd's default weights
// {D 0.1, C 0.2, B 0.4, A 1.0}, left implicit: a weights argument is read again on every row.
// Normalisation 32: rank / (rank + 1), so that article scores fall in [0, 1) like name similarities.
const rankNormalisation = 32;

// Snippet markers: private-use characters, removed from the text first, so that the text can
// be HTML-escaped after ts_headline without escaping the highlights.
const markStart = '\u{E000}';
const markEnd = '\u{E001}';
/** How many passages a snippet shows at most. */
export const MAX_SNIPPET_PASSAGES = 2;
const PASSAGE_DELIMITER = ' … ';
const headlineOptions = `StartSel=${markStart}, StopSel=${markEnd}, MaxFragments=${MAX_SNIPPET_PASSAGES}, MaxWords=30, MinWords=12, FragmentDelimiter="${PASSAGE_DELIMITER}"`;
// each passage whole when short, else the part around its words (cut between words)
const passageHeadlineOptions = `StartSel=${markStart}, StopSel=${markEnd}, MaxWords=30, MinWords=12`;

const typeRank = (type: SearchType) => sql.lit(searchTypes.indexOf(type));

const vectorHolds = (query: RawBuilder<unknown>) => sql<boolean>`article.search_vector @@ (${query})`;
const headHolds = (query: RawBuilder<unknown>) => sql<boolean>`article.search_head @@ (${query})`;

/** The concepts of the query together, as one bound value: any of them (for ranking and highlighting), or all. */
function joined(concepts: readonly Concept[], operator: '|' | '&'): RawBuilder<unknown> {
  return sql`${concepts.map((concept) => `(${concept.text})`).join(` ${operator} `)}::tsquery`;
}

/**
 * An article's French full-text rank for `query`, in [0, 1): by its title and lead when they hold
 * it (a few hundred bytes, stored in the row), else by its whole text (read from TOAST). Ranked
 * by how densely the text holds what it holds: all concepts close together (in the title) first.
 */
const rankFor = (query: RawBuilder<unknown>) =>
  sql`case when ${headHolds(query)} then ts_rank_cd(article.search_head, ${query}, ${sql.lit(rankNormalisation)})
           else ts_rank_cd(article.search_vector, ${query}, ${sql.lit(rankNormalisation)}) end`;

function articleHits(db: Kysely<Database>, scope: SearchScope, audience: Audience): RawBuilder<unknown> | null {
  const { concepts, literal } = scope.terms;
  const words = [...new Set(concepts.flatMap((concept) => concept.lexemes))];
  if (!words.length) return null; // stop words only: nothing an article vector holds
  const visible = filteredArticles(db, scope.filter, audience);
  const among = scope.language ? visible.where('article.language', '=', scope.language) : visible;
  const all = joined(concepts, '&');
  // A literal query may exclude a word (-word) that only the body holds: the whole text decides.
  const holdsAll = literal ? vectorHolds(all) : sql<boolean>`(${headHolds(all)} or ${vectorHolds(all)})`;
  // The candidates (see MAX_RANKED_PER_WORD): per word, the articles where it weighs most, read
  // in article_term_impact_idx's order. Each is read as it comes, fenced (offset 0) so that it is
  // read only up to the bound (as a join, a generic plan would match every article holding the
  // word with every visible one): checked against what the reader may see and the filters, so
  // that neither a draft nor a filtered-out article takes a place, and scored when it holds every
  // concept (null otherwise). Only (id, score) goes on: a vector carried through a materialized
  // step costs more to read back than ranking it does.
  const scored = among
    .select(sql<number>`case when ${holdsAll} then (${ARTICLE_COVERAGE}::float8 + ${ARTICLE_RANK}::float8 * ${rankFor(all)})::float8 end`.as('score'))
    .where(sql<boolean>`article.id = term.article_id`)
    .offset(sql.lit(0));
  const candidates = sql`candidate as materialized (
    select champion.id, max(champion.score) as score
    from unnest(${words}::text[]) as word(lexeme)
    cross join lateral (select term.article_id as id, seen.score from article_term as term cross join lateral (${scored}) as seen
                        where term.lexeme = word.lexeme
                        order by term.impact desc, term.article_id desc
                        limit ${MAX_RANKED_PER_WORD}) as champion
    group by champion.id)`;
  // the candidates holding every concept, ranked
  const complete = sql`select 'article' as type, ${typeRank('article')} as type_rank, candidate.id, candidate.score from candidate where candidate.score is not null`;
  if (concepts.length === 1) return sql`(with ${candidates} ${complete})`;
  const any = joined(concepts, '|');
  const totalWeight = concepts.reduce((sum, concept) => sum + concept.weight, 0);
  const held = sql.join(
    concepts.map((concept) => sql`case when ${vectorHolds(concept.query)} then ${concept.weight}::float8 else 0 end`),
    sql` + `,
  );
  // When few candidates hold them all, those holding some, ranked below: a one-time filter skips
  // them otherwise; each candidate read alone (fenced), never all the articles holding a word.
  const partial = sql`select (${ARTICLE_COVERAGE}::float8 * (${held}) / ${totalWeight}::float8 + ${ARTICLE_RANK}::float8 * ${rankFor(any)})::float8 as score
                      from article where article.id = candidate.id and ${vectorHolds(any)} offset 0`;
  return sql`(with ${candidates}
              ${complete}
              union all
              select 'article', ${typeRank('article')}, candidate.id, partial.score
              from candidate cross join lateral (${partial}) as partial
              where candidate.score is null
                and (select count(*) from (select 1 from candidate where candidate.score is not null limit ${FALLBACK_BELOW}) as few) < ${FALLBACK_BELOW})`;
}

function entityHits(type: Exclude<SearchType, 'article'>, text: string, concepts: readonly Concept[]) {
  const { table } = entities[type];
  // the name unaccented, in lower case (stored, migration 0012): what the query is compared with
  const name = sql.ref(`${table}.name_key`);
  // Whose name holds every concept, synonyms included ("IA" in the query, "intelligence
  // artificielle" in the name): the name's stored French vector (migration 0012).
  const holdsAll = concepts.length ? sql`${sql.ref(`${table}.name_vector`)} @@ (${joined(concepts, '&')})` : sql`false`;
  // entities by name: <table>_name_key_trgm_idx serves `<%`, <table>_name_vector_idx `@@`. The
  // typed text is normalised once (a generic plan would do it again at every row) and read as a
  // value (an init plan, not a join that would repeat the index condition as a filter); each
  // name's closeness is computed once: the fence keeps the planner from copying it into the filter.
  const typed = sql`(select typed.text from typed)`;
  return sql`(with typed as materialized (select lower(immutable_unaccent(${text}::text)) as text),
                   named as materialized (
                     select ${sql.ref(`${table}.id`)} as id, ${name} as name, word_similarity(${typed}, ${name}) as closeness,
                            ${holdsAll} as holds_all
                     from ${sql.table(table)}
                     where ${typed} <% ${name} or ${holdsAll})
              select ${sql.lit(type)} as type, ${typeRank(type)} as type_rank, named.id,
                     greatest(case when named.closeness = 1 then ${NAME_MATCH}::float8 + ${1 - NAME_MATCH}::float8 * similarity(${typed}, named.name)
                                   else ${NAME_CLOSE}::float8 * named.closeness end,
                              case when named.holds_all then ${NAME_CLOSE}::float8 end)::float8 as score
              from named
              where named.closeness >= ${NAME_SIMILARITY_THRESHOLD}::float8 or named.holds_all)`;
}

/** Every hit of the scope, unordered: (type, type_rank, id, score). Null when nothing can match. */
export function allHits(db: Kysely<Database>, scope: SearchScope, audience: Audience): RawBuilder<unknown> | null {
  // A name is looked for by the query's significant words, corrected ("Code et Campagne" is the
  // name "Code & Campagne"; "Chapaz" is Chappaz); web-search syntax, as typed.
  const typed = scope.terms.keyWords || scope.text;
  const branches = scope.types
    .map((type) => (type === 'article' ? articleHits(db, scope, audience) : entityHits(type, typed, scope.terms.concepts)))
    .filter((branch) => branch !== null);
  return branches.length ? sql.join(branches, sql` union all `) : null;
}

/** The hits on the page's side of its cursor, nearest first (one more than asked: it tells if more follow). */
function pageSide({ direction, from, size }: SearchPage) {
  const forward = direction === 'forward';
  const beyond = !from
    ? sql`true`
    : forward
      ? sql`(hit.score < ${from.score} or (hit.score = ${from.score} and (hit.type_rank, hit.id) > (${typeRank(from.type)}, ${from.id})))`
      : sql`(hit.score > ${from.score} or (hit.score = ${from.score} and (hit.type_rank, hit.id) < (${typeRank(from.type)}, ${from.id})))`;
  const order = forward ? sql`hit.score desc, hit.type_rank, hit.id` : sql`hit.score, hit.type_rank desc, hit.id desc`;
  return { beyond, order, limit: size + 1 };
}

interface SearchHitRow extends Record<string, unknown> {
  type: SearchType;
  id: number;
  score: number;
  snippet: string | null;
}

// The article's and its source's columns in a page's rows: `node.<column>`, `source.<column>`.
const nodeColumn = (column: string) => `node.${column}`;
const sourceColumn = (column: string) => `source.${column}`;

/** The article of a page's row, when it is one (its columns, and its source when read). */
function articleOf(row: SearchHitRow, read: ArticleRead): SearchHit['article'] {
  if (row.type !== 'article') return null;
  const article: Record<string, unknown> = {};
  for (const column of read.columns) article[column] = row[nodeColumn(column)];
  if (read.source) for (const column of read.source) article[sourceColumn(column)] = row[sourceColumn(column)];
  return withSource(article, read.source) as SearchHit['article'];
}

const idOnly: ArticleRead = { columns: ['id'], source: undefined };

/** The statement of a search page, unexecuted: tests EXPLAIN it. Null when no type is asked for. */
export function searchStatement(db: Kysely<Database>, page: SearchPage, audience: Audience, read = idOnly): RawBuilder<SearchHitRow> | null {
  const hits = allHits(db, page, audience);
  if (!hits) return null;
  const side = pageSide(page);
  const words = page.terms.concepts.length ? joined(page.terms.concepts, '|') : sql`''::tsquery`;
  const unmarked = (text: RawBuilder<unknown>) => sql`translate(${text}, ${markStart + markEnd}, '')`;
  // The MAX_SNIPPET_PASSAGES passages of the lead and body (sentences, migration 0013) that hold
  // the query's words best, best first, each highlighted alone: ts_headline reads every word it
  // is given through the dictionaries, and two sentences are a fraction of the whole text.
  const bestPassages = sql`(
    select string_agg(ts_headline('french_unaccent', ${unmarked(sql`best.text`)}, ${words}, ${passageHeadlineOptions}), ${PASSAGE_DELIMITER}
                      order by best.rank desc, best.position)
    from (select passage.text, passage.position, ts_rank_cd(passage.vector, ${words}) as rank
          from article_passage as passage
          where passage.article_id = article.id and passage.vector @@ (${words})
          order by rank desc, passage.position
          limit ${MAX_SNIPPET_PASSAGES}) as best)`;
  // No single passage holds what the lead and body do (a quoted phrase across two sentences):
  // their whole text, else the title, so that an article found always shows what it was found by.
  const wholeText = sql`${unmarked(sql`case when ts_filter(article.search_vector, '{b,c}') @@ (${words}) then concat_ws(' ', article.lead, article.body)
                                             else article.title end`)}`;
  const columns = [
    ...read.columns.map((column) => sql`${sql.ref(`article.${column}`)} as ${sql.id(nodeColumn(column))}`),
    ...(read.source ?? []).map((column) => sql`${sql.ref(`source.${column}`)} as ${sql.id(sourceColumn(column))}`),
  ];
  const source = read.source ? sql`left join source on source.id = article.source_id` : sql``;
  // a search page: one more hit than asked tells if more follow; snippets and articles for that page only
  return sql<SearchHitRow>`
    select page.type, page.id, page.score,
           case when article.id is not null
                then coalesce(${bestPassages}, ts_headline('french_unaccent', ${wholeText}, ${words}, ${headlineOptions})) end as snippet,
           ${sql.join(columns)}
    from (
      select hit.type, hit.type_rank, hit.id, hit.score
      from (${hits}) as hit
      where ${side.beyond}
      order by ${side.order}
      limit ${side.limit}
    ) as page
    left join article on page.type = 'article' and article.id = page.id
    ${source}
    order by page.score desc, page.type_rank, page.id`;
}

export async function searchContent(
  db: Kysely<Database>,
  page: SearchPage,
  audience: Audience,
  read: ArticleRead,
): Promise<{ hits: SearchHit[]; hasMore: boolean }> {
  const statement = searchStatement(db, page, audience, read);
  if (!statement) return { hits: [], hasMore: false };
  // In ranking order: the extra hit, if any, is the last one forward and the first one backward.
  const { rows } = await statement.execute(db);
  const hasMore = rows.length > page.size;
  const kept = !hasMore ? rows : page.direction === 'forward' ? rows.slice(0, page.size) : rows.slice(1);
  const hits = kept.map(
    (row): SearchHit => ({ type: row.type, id: row.id, score: row.score, snippet: row.snippet ? toSnippetHtml(row.snippet) : null, article: articleOf(row, read) }),
  );
  return { hits, hasMore };
}

export async function countSearchHits(db: Kysely<Database>, scope: SearchScope, audience: Audience): Promise<number> {
  const hits = allHits(db, scope, audience);
  if (!hits) return 0;
  // how many hits a search has (articles: those ranked, see MAX_RANKED_HEAD_MATCHES)
  const { rows } = await sql<{ count: string }>`select count(*) as count from (${hits}) as hit`.execute(db);
  return Number(rows[0]?.count ?? 0);
}

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * A ts_headline result as safe HTML: the text escaped, each matching word in `<mark>…</mark>`,
 * passages joined by " … ", and " … " where a passage starts or stops inside a sentence. The
 * only tags it can contain are those marks.
 */
export function toSnippetHtml(headline: string): string {
  // A passage that starts or stops inside a sentence says so, never inside a word (ts_headline cuts between words).
  const plain = headline.replaceAll(markStart, '').replaceAll(markEnd, '');
  const started = /^[\p{Lu}\p{N}«"'(]/u.test(plain) ? '' : '… ';
  const ended = /[.!?…»"')]$/u.test(plain) ? '' : ' …';
  return `${started}${headline}${ended}`
    .replace(/[&<>"']/g, (character) => htmlEscapes[character]!)
    .replaceAll(markStart, '<mark>')
    .replaceAll(markEnd, '</mark>');
}
