import { expressionBuilder, sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/types.js';
import { articleColumns, type ArticleRow } from './article.js';
import { visibleTo, type Audience } from './audience.js';
import { anyOf } from './keyset.js';
import { linkedKinds, type LinkedKind } from './linked-entities.js';
import { articleLinkByKind } from '../model/links.js';

// Related articles, for an article of ours (Article.related, the partner field with a slug or
// URL) or for a partner's free text. One ranking for both:
//   1. editor pins (article_related), in the editor's order;
//   2. then the points of the entities shared with the origin (below), plus text similarity
//      in [0, 1): points are whole numbers, so text only orders articles with equal points;
//   3. then recency, then id: the order is total, hence deterministic.
// Never the origin article itself, never an article the audience may not see.

/** One entity the related article shares with the origin: why it is related. */
export interface RelatedReason {
  kind: LinkedKind;
  slug: string;
  name: string;
}

export interface RelatedArticleRow {
  article: ArticleRow;
  score: number;
  pinned: boolean;
  /** Shared entities, weightiest first. */
  reasons: RelatedReason[];
}

export interface RelatedOptions {
  limit: number;
  /** BCP 47 tag the related articles must have; null for any. */
  language: string | null;
}

/**
 * Points per shared entity (src/model/links.ts): a shared project or person says more than a
 * shared organisation, and much more than a shared topic.
 */
const sharedKinds = linkedKinds.map((kind) => ({ ...kind, points: articleLinkByKind[kind.kind].relatedPoints }));

/**
 * Bounds on the work per origin article, whatever the corpus size:
 * - each shared entity proposes only its newest articles (by id): a popular topic has thousands;
 * - only the best-sharing candidates (the limit plus a margin for hidden drafts and for text
 *   similarity to reorder) are scored exactly, read and compared by text;
 * - a partner's text is compared with its newest matching articles only.
 */
const CANDIDATES_PER_ENTITY = 50;
const WINDOW_MARGIN = 20;
const TEXT_MATCHES_RANKED = 300;
/** The first words of an origin (title first) make its text query. */
const QUERY_WORDS = 64;

/** Longest free text a partner may send; longer texts are refused before any SQL. */
export const MAX_RELATED_TEXT_LENGTH = 5000;

/** What related articles are ranked against (the origin): an article of ours, or a partner's text. */
interface Origin {
  /** Rows (kind, entity_id): the entities the origin is about. */
  entities: RawBuilder<unknown>;
  /** A tsvector of the origin's text, title first. */
  vector: RawBuilder<unknown>;
  /** Rows (id, position): the editor's pins; null for a text. */
  pins: RawBuilder<unknown> | null;
  /** The origin article's id, excluded from its own list; null for a text. */
  self: RawBuilder<unknown> | null;
  /** Candidates from text matches: for a text, which often names no entity of ours. */
  textCandidates: boolean;
  /** Candidates by recency, so that an article's list is never short. */
  recentCandidates: boolean;
}

/**
 * An OR query ("any of these words") of the first `count` distinct lexemes of a tsvector (all
 * of them without a count), in order of appearance. Lexemes are quoted; one with a backslash
 * (never a French word) is dropped rather than escaped. Null when the text has no words.
 */
function anyWordOf(vector: RawBuilder<unknown>, count?: number) {
  const limit = count === undefined ? sql`all` : sql.lit(count);
  return sql`(select string_agg(quote_literal(word.lexeme), ' | ')::tsquery
              from (select lexeme from unnest(${vector}) order by positions[1] limit ${limit}) as word
              where strpos(word.lexeme, chr(92)) = 0)`;
}

const noRows = sql`select null::int as id, null::int as position where false`;

type RelatedRow = ArticleRow & { score: number; pinned: boolean; reasons: RelatedReason[] };

function rankRelated(origin: Origin, options: RelatedOptions, audience: Audience): RawBuilder<RelatedRow> {
  const visible = visibleTo(audience)(expressionBuilder<Database, 'article'>());
  const language = options.language ? sql`and article.language = ${options.language}` : sql``;
  const notSelf = (column: string) => (origin.self ? sql`and ${sql.ref(column)} <> ${origin.self}` : sql``);
  const window = options.limit + WINDOW_MARGIN;

  const linked = sharedKinds.map(
    ({ kind, link, column, points }) =>
      sql`select capped.article_id as id, ${sql.lit(points)} as points
          from signature cross join lateral (
            select link.article_id from ${sql.table(link)} as link
            where ${sql.ref(`link.${column}`)} = signature.entity_id ${notSelf('link.article_id')}
            order by link.article_id desc limit ${sql.lit(CANDIDATES_PER_ENTITY)}
          ) as capped
          where signature.kind = ${sql.lit(kind)}`,
  );
  const shared = sharedKinds.map(
    ({ kind, link, column, table, name, points }) =>
      sql`select candidate.id, ${sql.lit(kind)} as kind, entity.slug, ${sql.ref(`entity.${name}`)} as name, ${sql.lit(points)} as points
          from candidate
          join signature on signature.kind = ${sql.lit(kind)}
          join ${sql.table(link)} as link on link.article_id = candidate.id and ${sql.ref(`link.${column}`)} = signature.entity_id
          join ${sql.table(table)} as entity on entity.id = signature.entity_id`,
  );
  const textMatches = sql`
    union all
    (select match.id, null from (
       select article.id, article.search_vector from article, words
       where article.search_vector @@ words.query and ${visible} ${language}
       order by article.listed_at desc, article.id desc limit ${sql.lit(TEXT_MATCHES_RANKED)}
     ) as match, words
     order by ts_rank(match.search_vector, words.query, 32) desc, match.id desc limit ${window})`;
  const recent = sql`
    union all
    (select article.id, null from article
     where ${visible} ${language} ${notSelf('article.id')}
     order by article.listed_at desc, article.id desc limit ${options.limit})`;

  // related articles of one origin: candidates (pins, the best-sharing, text matches, the
  // newest), then exact points and reasons for those only, then the ranking
  return sql<RelatedRow>`
    with signature as (${origin.entities}),
    words as (select ${anyWordOf(origin.vector, QUERY_WORDS)} as query),
    linked as (${sql.join(linked, sql` union all `)}),
    candidate as (
      select any_candidate.id, min(any_candidate.pin_position) as pin_position
      from (
        select pin.id, pin.position as pin_position from (${origin.pins ?? noRows}) as pin
        union all
        (select linked.id, null from linked group by linked.id order by sum(linked.points) desc, linked.id desc limit ${window})
        ${origin.textCandidates ? textMatches : sql``}
        ${origin.recentCandidates ? recent : sql``}
      ) as any_candidate
      group by any_candidate.id
    ),
    shared as (${sql.join(shared, sql` union all `)})
    select ${sql.join(articleColumns.map((column) => sql.ref(column)))},
           candidate.pin_position is not null as pinned,
           (coalesce(reason.points, 0) + coalesce(ts_rank(article.search_vector, words.query, 32), 0))::float8 as score,
           coalesce(reason.list, '[]'::json) as reasons
    from candidate
    join article on article.id = candidate.id and ${visible} ${language} ${notSelf('article.id')}
    cross join words
    left join lateral (
      select sum(shared.points) as points,
             json_agg(json_build_object('kind', shared.kind, 'slug', shared.slug, 'name', shared.name)
                      order by shared.points desc, shared.kind, shared.name) as list
      from shared where shared.id = candidate.id
    ) as reason on true
    order by candidate.pin_position nulls last, score desc, article.listed_at desc, article.id desc
    limit ${options.limit}`;
}

function toRelated({ score, pinned, reasons, ...article }: RelatedRow): RelatedArticleRow {
  return { article, score, pinned, reasons };
}

/** The entities an article is about, as (kind, entity_id) rows; `origin` is the article in scope. */
const entitiesOfArticle = sql.join(
  sharedKinds.map(
    ({ kind, link, column }) =>
      sql`select ${sql.lit(kind)} as kind, ${sql.ref(column)} as entity_id from ${sql.table(link)} where article_id = origin.id`,
  ),
  sql` union all `,
);

/**
 * The related articles of each article, for a whole page of articles in one statement: the
 * ranking runs LATERAL once per origin article.
 */
export async function findRelatedArticlePages(
  db: Kysely<Database>,
  articleIds: readonly number[],
  options: RelatedOptions,
  audience: Audience,
): Promise<Map<number, RelatedArticleRow[]>> {
  const pages = new Map<number, RelatedArticleRow[]>(articleIds.map((id) => [id, []]));
  if (options.limit === 0 || articleIds.length === 0) return pages;
  const ranking = rankRelated(
    {
      entities: entitiesOfArticle,
      vector: sql`to_tsvector('french_unaccent', concat_ws(' ', origin.title, origin.lead))`,
      pins: sql`select related_article_id as id, position from article_related where article_id = origin.id`,
      self: sql`origin.id`,
      textCandidates: false,
      recentCandidates: true,
    },
    options,
    audience,
  );
  // related articles of many articles: each origin's rows come out in its ranking's order
  const { rows } = await sql<RelatedRow & { related_to: number }>`
    select origin.id as related_to, ranked.*
    from article as origin
    cross join lateral (${ranking}) as ranked
    where origin.id = ${anyOf(articleIds)}`.execute(db);
  for (const { related_to, ...row } of rows) pages.get(related_to)?.push(toRelated(row));
  return pages;
}

/**
 * Our articles related to a partner's free text (a title and lead): articles linking the
 * people, organisations, projects and topics the text names (whole names, accents and case
 * ignored), and articles sharing its words.
 */
export async function findArticlesRelatedToText(
  db: Kysely<Database>,
  text: string,
  options: RelatedOptions,
  audience: Audience,
): Promise<RelatedArticleRow[]> {
  if (options.limit === 0) return [];
  // Entities named in the text: the name index finds names sharing a word with the text (GIN),
  // then the whole name must appear as a phrase.
  const named = sharedKinds.map(
    ({ kind, table, name }) =>
      sql`select ${sql.lit(kind)} as kind, entity.id as entity_id
          from ${sql.table(table)} as entity, text_words
          where to_tsvector('french_unaccent', ${sql.ref(`entity.${name}`)}) @@ text_words.any_word
            and phraseto_tsquery('french_unaccent', ${sql.ref(`entity.${name}`)}) @@ text_words.vector`,
  );
  const vector = sql`to_tsvector('french_unaccent', ${text}::text)`;
  const entities = sql`
    with text_words as (select ${vector} as vector, ${anyWordOf(vector)} as any_word)
    ${sql.join(named, sql` union all `)}`;
  // articles related to a text
  const { rows } = await rankRelated(
    { entities, vector, pins: null, self: null, textCandidates: true, recentCandidates: false },
    options,
    audience,
  ).execute(db);
  return rows.map(toRelated);
}
