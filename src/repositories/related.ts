import { expressionBuilder, sql, type Kysely, type RawBuilder } from 'kysely';
import type { ArticleKind, Database } from '../db/types.js';
import { articleColumns, type ArticleRow } from './article.js';
import { visibleTo, type Audience } from './audience.js';
import { anyOf } from './keyset.js';
import { linkedKinds, type LinkedKind } from './linked-entities.js';
import { articleLinkByKind } from '../model/links.js';
import { mainTermRarity, mainTerms, rarestTerms, textSimilarity } from './related-text.js';

// Related articles, for an article of ours (Article.related, the partner field with a slug or
// URL) or for a partner's free text. One ranking for both:
//   1. editor pins (article_related), in the editor's order;
//   2. then the score, the sum of
//      - each shared entity's weight: its kind's weight (src/model/links.ts), times its role's
//        factor in each article (a subject of both counts, two passing mentions little), times
//        its rarity (log of the articles per article linking it: a topic on half of them says
//        little);
//      - the text similarity (related-text.ts): the origin's main terms (title and lead), each
//        weighed by its rarity, found in the other's title, lead or body;
//      - a recency part decaying with the time between the two (halved every
//        RECENCY_HALF_LIFE_DAYS): a tie-breaker, never more than RECENCY_WEIGHT;
//   3. then recency, then id: the order is total, hence deterministic.
// Then near-duplicates (the same event told twice) go behind the other stories (`diversify`).
// Never the origin article itself, never an article the audience may not see. How many articles
// hold each word and link each entity is read from related_rarity, kept by triggers
// (migrations/0007_related_scores.ts); the scores depend on no audience.

/** One entity the related article shares with the origin: why it is related, and how much. */
export interface RelatedReason {
  kind: LinkedKind;
  slug: string;
  name: string;
  /** What it adds to the score: kind weight × both roles' factors × rarity. */
  weight: number;
}

export interface RelatedArticleRow {
  article: ArticleRow;
  score: number;
  pinned: boolean;
  /** Shared entities, weightiest first. */
  reasons: RelatedReason[];
  /** The text-similarity part of the score. */
  text: number;
  /** The recency part of the score. */
  recency: number;
}

export interface RelatedOptions {
  /** How many are shown. */
  limit: number;
  /**
   * Rank as if this many were asked (the candidates and rows a ranking keeps grow with it), then
   * show `limit`: what makes the first rows of a stored ranking of 100 (related-store.ts) the
   * same as a ranking asked for them. Unset: `limit`.
   */
  rankedAs?: number;
  /** BCP 47 tag the related articles must have; null for any. */
  language: string | null;
  /** Only these kinds of article; null for any. */
  kinds: readonly ArticleKind[] | null;
  /** Never articles from the source with this slug (a partner's own); null for none. */
  excludeSource: string | null;
  /** Only articles listed (published) at or after this time; null for any. */
  since: Date | null;
}

/** Options that narrow nothing: every article the audience may see. */
export const anyRelatedArticle = { language: null, kinds: null, excludeSource: null, since: null } as const satisfies Omit<RelatedOptions, 'limit'>;

/** Whether options are `anyRelatedArticle`'s. */
export const narrowsNothing = (options: RelatedOptions) =>
  (Object.keys(anyRelatedArticle) as (keyof typeof anyRelatedArticle)[]).every((option) => options[option] === anyRelatedArticle[option]);

/** Weights chosen on the judged set (npm run related:eval); the entity weights are in src/model/links.ts. */
const TEXT_WEIGHT = 8;
const RECENCY_WEIGHT = 0.3;
const RECENCY_HALF_LIFE_DAYS = 60;
/** Two stories published this close, with a subject in common, tell the same event. */
const NEAR_DUPLICATE_HOURS = 48;
const DUPLICATE_FACTOR = 0.5;

/** Each kind of shared entity with its weight and `linkFactor`, the SQL factor of a link's role (a row of its link table under `alias`). */
const sharedKinds = linkedKinds.map((kind) => {
  const { weight, roles } = articleLinkByKind[kind.kind].related;
  const linkFactor = (alias: string) => {
    if (!roles) return sql`1.0::float8`;
    const factors = Object.entries<number>(roles).map(([role, factor]) => sql`when ${sql.lit(role)} then ${sql.lit(factor)}`);
    return sql`(case ${sql.ref(`${alias}.role`)}::text ${sql.join(factors, sql` `)} end)::float8`;
  };
  return { ...kind, weight, linkFactor, subjectRole: roles !== null && 'subject' in roles };
});

/**
 * Bounds on the work per origin article, whatever the corpus size:
 * - each shared entity proposes only its newest articles (its links' listing index): a popular
 *   topic has thousands;
 * - only the best-sharing candidates (the limit plus a margin for hidden drafts and for text
 *   similarity to reorder) are scored exactly, read and compared by text;
 * - text matches are ranked among the newest matching articles only.
 */
const CANDIDATES_PER_ENTITY = 50;
const WINDOW_MARGIN = 20;
const TEXT_MATCHES_RANKED = 300;
/** Rows ranked beyond the limit, so that near-duplicates can step back without shortening the list. */
const DIVERSITY_MARGIN = 5;
/** How many ranked rows (of a ranking in order) decide which `limit` are shown. */
export const rowsDeciding = (limit: number) => limit + DIVERSITY_MARGIN;

/** Longest free text a partner may send; longer texts are refused before any SQL. */
export const MAX_RELATED_TEXT_LENGTH = 5000;

/** What related articles are ranked against (the origin): an article of ours, or a partner's text. */
interface Origin {
  /** Rows (kind, entity_id, factor): the entities the origin is about, with their link's factor (`linkFactor`). */
  entities: RawBuilder<unknown>;
  /** A tsvector of the origin's text, title and lead weighted A and B. */
  vector: RawBuilder<unknown>;
  /** When the origin was published: recency is measured from it. */
  time: RawBuilder<unknown>;
  /** Rows (id, position): the editor's pins; null for a text. */
  pins: RawBuilder<unknown> | null;
  /** The origin article's id, excluded from its own list; null for a text. */
  self: RawBuilder<unknown> | null;
  /** Candidates by recency, so that an article's list is never short. */
  recentCandidates: boolean;
}

const noRows = sql`select null::int as id, null::int as position where false`;

export interface RankedRow extends ArticleRow {
  score: number;
  pinned: boolean;
  reasons: RelatedReason[];
  text: number;
  recency: number;
  /** When it was listed, and the entities it is the subject of: what near-duplicates share. */
  listed: Date;
  subjects: string[];
  /** Its place in the ranking, from 1. */
  position: number;
}

/** 'project:12': an entity as a near-duplicate check compares it. */
export const subjectsOfArticle = (article: string) =>
  sql`array(${sql.join(
    sharedKinds
      .filter((kind) => kind.subjectRole)
      .map(
        ({ kind, link, column }) =>
          sql`select ${sql.lit(`${kind}:`)} || ${sql.ref(column)} from ${sql.table(link)}
              where article_id = ${sql.ref(`${article}.id`)} and role = 'subject'`,
      ),
    sql` union all `,
  )})`;

function rankRelated(origin: Origin, options: RelatedOptions, audience: Audience): RawBuilder<RankedRow> {
  const visible = visibleTo(audience)(expressionBuilder<Database, 'article'>());
  const notSelf = (column: string) => (origin.self ? sql`and ${sql.ref(column)} <> ${origin.self}` : sql``);
  const wanted = sql`${visible}
    ${options.language ? sql`and article.language = ${options.language}` : sql``}
    ${options.kinds ? sql`and article.kind = any(${[...options.kinds]}::text[])` : sql``}
    ${options.since ? sql`and article.listed_at >= ${options.since}` : sql``}
    ${options.excludeSource ? sql`and not exists (select from source where source.id = article.source_id and source.slug = ${options.excludeSource})` : sql``}`;
  const asked = options.rankedAs ?? options.limit;
  const window = asked + WINDOW_MARGIN;

  // an origin entity's weight before the candidate's role: kind weight × origin role × rarity
  const rarity = sql`select signature.kind, signature.entity_id,
                            signature.factor * ln(corpus.size / greatest(linking.articles, 1)) * (case signature.kind
                              ${sql.join(sharedKinds.map(({ kind, weight }) => sql`when ${sql.lit(kind)} then ${sql.lit(weight)}::float8`), sql` `)}
                            end) as weight
                     from signature cross join corpus
                     left join related_rarity as linking on linking.kind = signature.kind and linking.key = signature.entity_id::text`;
  const linked = sharedKinds.map(
    ({ kind, link, column, linkFactor }) =>
      sql`select capped.article_id as id, rarity.weight * capped.factor as weight
          from rarity cross join lateral (
            select link.article_id, ${linkFactor('link')} as factor from ${sql.table(link)} as link
            where ${sql.ref(`link.${column}`)} = rarity.entity_id ${notSelf('link.article_id')}
            order by link.listed_at desc, link.article_id desc limit ${sql.lit(CANDIDATES_PER_ENTITY)}
          ) as capped
          where rarity.kind = ${sql.lit(kind)}`,
  );
  const shared = sharedKinds.map(
    ({ kind, link, column, table, name, linkFactor }) =>
      sql`select candidate.id, ${sql.lit(kind)} as kind, entity.slug, ${sql.ref(`entity.${name}`)} as name,
                 rarity.weight * ${linkFactor('link')} as weight
          from candidate
          join rarity on rarity.kind = ${sql.lit(kind)}
          join ${sql.table(link)} as link on link.article_id = candidate.id and ${sql.ref(`link.${column}`)} = rarity.entity_id
          join ${sql.table(table)} as entity on entity.id = rarity.entity_id`,
  );
  const recent = sql`
    union all
    (select article.id, null from article
     where ${wanted} ${notSelf('article.id')}
     order by article.listed_at desc, article.id desc limit ${asked})`;
  const similarity = textSimilarity(sql`article.search_vector`, 'origin_term');
  const recency = sql`power(0.5, abs(extract(epoch from article.listed_at - origin_text.time)) / ${sql.lit(RECENCY_HALF_LIFE_DAYS * 86400)})`;

  // related articles of one origin: candidates (pins, the best-sharing, text matches, the
  // newest), then exact weights and reasons for those only, then the ranking
  return sql<RankedRow>`
    with signature as (${origin.entities}),
    origin_text as (select ${origin.vector} as vector, ${origin.time}::timestamptz as time),
    corpus as (select greatest(coalesce((select articles from related_rarity where kind = 'corpus' and key = ''), 0), 1)::float8 as size),
    origin_term as (${mainTermRarity(sql`(select vector from origin_text)`, sql`(select size from corpus)`)}),
    candidate_terms as (select ${rarestTerms('origin_term', sql`(select size from corpus)`)} as query),
    rarity as (${rarity}),
    linked as (${sql.join(linked, sql` union all `)}),
    candidate as (
      select any_candidate.id, min(any_candidate.pin_position) as pin_position
      from (
        select pin.id, pin.position as pin_position from (${origin.pins ?? noRows}) as pin
        union all
        (select linked.id, null from linked group by linked.id order by sum(linked.weight) desc, linked.id desc limit ${window})
        union all
        (select match.id, null from (
           select article.id, article.search_vector from article, candidate_terms
           where article.search_vector @@ candidate_terms.query and ${wanted} ${notSelf('article.id')}
           order by article.listed_at desc, article.id desc limit ${sql.lit(TEXT_MATCHES_RANKED)}
         ) as match, candidate_terms
         order by ts_rank(match.search_vector, candidate_terms.query) desc, match.id desc limit ${window})
        ${origin.recentCandidates ? recent : sql``}
      ) as any_candidate
      group by any_candidate.id
    ),
    shared as (${sql.join(shared, sql` union all `)}),
    scored as (
      select article.id, candidate.pin_position,
             coalesce(reason.weight, 0) as entities,
             ${sql.lit(TEXT_WEIGHT)} * coalesce(${similarity}, 0) as text,
             ${sql.lit(RECENCY_WEIGHT)} * ${recency} as recency,
             coalesce(reason.list, '[]'::json) as reasons
      from candidate
      join article on article.id = candidate.id and ${wanted} ${notSelf('article.id')}
      cross join origin_text
      left join lateral (
        select sum(shared.weight) as weight,
               json_agg(json_build_object('kind', shared.kind, 'slug', shared.slug, 'name', shared.name, 'weight', shared.weight)
                        order by shared.weight desc, shared.kind, shared.name) as list
        from shared where shared.id = candidate.id
      ) as reason on true
    )
    select ${sql.join(articleColumns.map((column) => sql.ref(column)))},
           scored.pin_position is not null as pinned,
           (scored.entities + scored.text + scored.recency)::float8 as score,
           scored.text::float8 as text, scored.recency::float8 as recency, scored.reasons,
           article.listed_at as listed, ${subjectsOfArticle('article')} as subjects,
           row_number() over (order by scored.pin_position nulls last, (scored.entities + scored.text + scored.recency)::float8 desc,
                                       article.listed_at desc, article.id desc)::int as position
    from scored join article on article.id = scored.id
    order by position
    limit ${rowsDeciding(asked)}`;
}

/** Whether two stories tell the same event: published close together, about the same subject. */
function nearDuplicates(one: RankedRow, other: { listed: Date; subjects: string[] }): boolean {
  const hours = Math.abs(new Date(one.listed).getTime() - new Date(other.listed).getTime()) / 3_600_000;
  return hours <= NEAR_DUPLICATE_HOURS && one.subjects.some((subject) => other.subjects.includes(subject));
}

/**
 * The first `limit` rows once near-duplicates (of the origin, or of a story ranked before them)
 * count for DUPLICATE_FACTOR of their score: behind the different stories that matter about as
 * much, ahead of those that barely relate. Pins stay first, in the editor's order.
 */
function diversify(rows: RankedRow[], limit: number, origin: { listed: Date; subjects: string[] } | null): RelatedArticleRow[] {
  const shown: { listed: Date; subjects: string[] }[] = origin ? [origin] : [];
  // the rows a ranking asked for `limit` keeps, whatever it was ranked as
  const ranked = rows.slice(0, rowsDeciding(limit)).map((row, index) => {
    const repeat = !row.pinned && shown.some((story) => nearDuplicates(row, story));
    if (!repeat) shown.push(row);
    return { row, index, rank: row.pinned ? Infinity : repeat ? row.score * DUPLICATE_FACTOR : row.score };
  });
  ranked.sort((one, other) => other.rank - one.rank || one.index - other.index);
  return ranked.slice(0, limit).map(({ row: { score, pinned, reasons, text, recency, listed: _, subjects: __, position: ___, ...article } }) => ({
    article,
    score,
    pinned,
    reasons,
    text,
    recency,
  }));
}

/** The entities an article is about, as (kind, entity_id, factor) rows; `origin` is the article in scope. */
const entitiesOfArticle = sql.join(
  sharedKinds.map(
    ({ kind, link, column, linkFactor }) =>
      sql`select ${sql.lit(kind)} as kind, ${sql.ref(`link.${column}`)} as entity_id, ${linkFactor('link')} as factor
          from ${sql.table(link)} as link where link.article_id = origin.id`,
  ),
  sql` union all `,
);

/** The ranking of the article `origin` (in scope): rows in ranking order. */
export function rankRelatedToArticle(options: RelatedOptions, audience: Audience): RawBuilder<RankedRow> {
  return rankRelated(
    {
      entities: entitiesOfArticle,
      vector: sql`origin.search_vector`,
      time: sql`origin.listed_at`,
      pins: sql`select related_article_id as id, position from article_related where article_id = origin.id`,
      self: sql`origin.id`,
      recentCandidates: true,
    },
    options,
    audience,
  );
}

/** A ranked row with its origin article: its id, when it was listed, the entities it is the subject of. */
export type OriginRankedRow = RankedRow & { related_to: number; origin_listed: Date; origin_subjects: string[] };

/** The shown related articles of each origin, from rows (`OriginRankedRow`) in each origin's ranking order. */
export function relatedPages(articleIds: readonly number[], rows: readonly OriginRankedRow[], limit: number): Map<number, RelatedArticleRow[]> {
  const ranked = new Map<number, { origin: { listed: Date; subjects: string[] }; rows: RankedRow[] }>();
  for (const { related_to, origin_listed, origin_subjects, ...row } of rows) {
    const entry = ranked.get(related_to) ?? { origin: { listed: origin_listed, subjects: origin_subjects }, rows: [] };
    entry.rows.push(row);
    ranked.set(related_to, entry);
  }
  const pages = new Map<number, RelatedArticleRow[]>(articleIds.map((id) => [id, []]));
  for (const [id, { origin, rows: originRows }] of ranked) pages.set(id, diversify(originRows, limit, origin));
  return pages;
}

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
  if (options.limit === 0 || articleIds.length === 0) return relatedPages(articleIds, [], 0);
  // related articles of many articles
  const { rows } = await sql<OriginRankedRow>`
    select origin.id as related_to, origin.listed_at as origin_listed, ${subjectsOfArticle('origin')} as origin_subjects, ranked.*
    from article as origin
    cross join lateral (${rankRelatedToArticle(options, audience)}) as ranked
    where origin.id = ${anyOf(articleIds)}
    order by related_to, ranked.position`.execute(db);
  return relatedPages(articleIds, rows, options.limit);
}

/** An entity a partner's text names: what its related articles are ranked against. */
export interface NamedEntity {
  kind: LinkedKind;
  id: number;
  slug: string;
  name: string;
}

/**
 * The people, organisations, projects and topics a partner's free text names: whole names,
 * accents and case ignored. The name index finds names sharing a word with the text (GIN), then
 * the whole name must appear as a phrase.
 */
export async function findEntitiesNamedInText(db: Kysely<Database>, text: string): Promise<NamedEntity[]> {
  const named = sharedKinds.map(
    ({ kind, table, name }) =>
      sql`select ${sql.lit(kind)} as kind, entity.id, entity.slug, ${sql.ref(`entity.${name}`)} as name
          from ${sql.table(table)} as entity, text_words
          where to_tsvector('french_unaccent', ${sql.ref(`entity.${name}`)}) @@ text_words.any_word
            and phraseto_tsquery('french_unaccent', ${sql.ref(`entity.${name}`)}) @@ text_words.vector`,
  );
  const vector = partnerTextVector(text);
  // entities named in a text
  const { rows } = await sql<NamedEntity>`
    with text_words as (select ${vector} as vector, ${mainTerms(vector, null)} as any_word)
    select named.* from (${sql.join(named, sql` union all `)}) as named
    order by named.kind, named.name, named.id`.execute(db);
  return rows;
}

/** A partner's text is its title and lead: weighted A, so that all of its words are main terms. */
const partnerTextVector = (text: string) => sql`setweight(to_tsvector('french_unaccent', ${text}::text), 'A')`;

/**
 * Our articles related to a partner's free text (a title and lead): articles linking the
 * entities it names (`findEntitiesNamedInText`: they count fully, as a subject would) and
 * articles sharing its words, recency measured from now.
 */
export async function findArticlesRelatedToText(
  db: Kysely<Database>,
  text: string,
  named: readonly NamedEntity[],
  options: RelatedOptions,
  audience: Audience,
): Promise<RelatedArticleRow[]> {
  if (options.limit === 0) return [];
  const entities = sql`select named.kind, named.entity_id, 1.0::float8 as factor
    from unnest(${named.map((entity) => entity.kind)}::text[], ${named.map((entity) => entity.id)}::int[]) as named(kind, entity_id)`;
  // articles related to a text
  const { rows } = await rankRelated(
    { entities, vector: partnerTextVector(text), time: sql`now()`, pins: null, self: null, recentCandidates: false },
    options,
    audience,
  ).execute(db);
  return diversify(rows, options.limit, null);
}
