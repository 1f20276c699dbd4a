import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import { articleFields } from './article.js';
import { dueCondition, readingNow, visibleCondition } from './audience.js';
import { pickColumns } from './entity-table.js';
import { StatementTemplates } from './statement-templates.js';
import { anyOf } from './keyset.js';
import {
  anyRelatedArticle,
  findRelatedArticlePages,
  rankRelatedToArticle,
  relatedPages,
  rowsDeciding,
  subjectsOfArticle,
  type OriginRankedRow,
  type RelatedArticleRow,
  type RelatedOptions,
} from './related.js';

// Article.related for the public audience, read from rankings stored ahead (related_ranking,
// migrations/0008_related_store.ts). A stored ranking is read only if it was computed at the
// current generation, which every write that can change any ranking bumps; any other article is
// ranked by the same function as the on-the-fly path and stored, in the same statement. So the
// first view of an article after a write costs one ranking, later views one index probe, and
// the answer is the on-the-fly one. A ranking is also out of date once a scheduled article has
// become due since it was ranked (ranked_at, migration 0009): no write marks that instant.
// Editors and partners' options rank on the fly.

/** A stored ranking keeps the rows of a ranking asked for this many: the most `first` allows. */
export const STORED_RELATED = 100;

/** The public ranking showing `limit` (at most STORED_RELATED): ranked as the stored one is. */
const publicRanking = (limit: number): RelatedOptions => ({ ...anyRelatedArticle, limit, rankedAs: STORED_RELATED });

/** The public related articles of each article, ranked on the fly (OPTIMISATIONS=false). */
export function rankPublicRelatedArticlePages(db: Kysely<Database>, articleIds: readonly number[], limit: number) {
  return findRelatedArticlePages(db, articleIds, publicRanking(limit), 'reader');
}

/** What a stored ranking keeps of a ranked row: the article's id, not its columns, read afresh. */
const storedFields = ['pinned', 'score', 'text', 'recency', 'reasons', 'subjects', 'position'] as const;

// The statement is long (the whole ranking, for the articles without a stored one): built and
// compiled once per set of article columns, only the ids and the row count bound per call.
/** Stored rankings (the missing ones computed): one statement per set of article columns read. */
const storedRankingStatements = new StatementTemplates(
  (db, articleColumns: readonly string[], stand: { articleIds: readonly number[]; deciding: number }) => {
    const ranking = rankRelatedToArticle(publicRanking(STORED_RELATED), 'reader');
    const entry = (field: string) => sql`${sql.lit(field)}, ranked.${sql.ref(field)}`;
    const columns = articleColumns.map((field) => sql.ref(`article.${field}`));
    // stored public related rankings, the missing ones computed and stored
    const statement = sql<OriginRankedRow>`
      with current_generation as (select generation from related_generation),
      last_due as (
        select coalesce(max(article.listed_at), '-infinity') as at from article
        where article.status = 'published' and ${dueCondition('article')}
      ),
      stored as (
        select store.article_id as related_to, store.listed, store.subjects, store.ranked
        from related_ranking as store, current_generation, last_due
        where store.article_id = ${anyOf(stand.articleIds)} and store.generation = current_generation.generation
          and store.ranked_at >= last_due.at
      ),
      missing as materialized (
        select origin.id from article as origin
        where origin.id = ${anyOf(stand.articleIds)} and not exists (select from stored where stored.related_to = origin.id)
      ),
      computed as (
        select origin.id as related_to, origin.listed_at as listed, ${subjectsOfArticle('origin')} as subjects,
               coalesce(ranking.rows, '[]'::jsonb) as ranked
        from missing join article as origin on origin.id = missing.id
        cross join lateral (
          select jsonb_agg(jsonb_build_object('id', ranked.id, ${sql.join(storedFields.map(entry))}) order by ranked.position) as rows
          from (${ranking}) as ranked
        ) as ranking
      ),
      saved as (
        insert into related_ranking as store (article_id, generation, listed, subjects, ranked, ranked_at)
        select computed.related_to, current_generation.generation, computed.listed, computed.subjects, computed.ranked, ${readingNow()}
        from computed, current_generation
        order by computed.related_to -- rows locked in one order by every statement: no deadlock between two
        on conflict (article_id) do update
        set generation = excluded.generation, listed = excluded.listed, subjects = excluded.subjects, ranked = excluded.ranked,
            ranked_at = excluded.ranked_at
        where (store.generation, store.ranked_at) < (excluded.generation, excluded.ranked_at)
      )
      select origin.related_to, origin.listed as origin_listed, origin.subjects as origin_subjects,
             ${sql.join(columns)},
             (entry.value->>'pinned')::boolean as pinned, (entry.value->>'score')::float8 as score,
             (entry.value->>'text')::float8 as text, (entry.value->>'recency')::float8 as recency,
             entry.value->'reasons' as reasons, article.listed_at as listed,
             array(select jsonb_array_elements_text(entry.value->'subjects')) as subjects,
             (entry.value->>'position')::int as position
      from (select * from stored union all select * from computed) as origin
      cross join lateral jsonb_array_elements(origin.ranked) as entry(value)
      join article on article.id = (entry.value->>'id')::int and ${visibleCondition('reader', 'article')}
      where (entry.value->>'position')::int <= ${stand.deciding}
      order by origin.related_to, position`;
    return { compile: () => statement.compile(db) };
  },
);

/**
 * The public related articles of each article, in one statement: the stored rankings of the
 * current generation, and for the other articles a ranking computed and stored (a newer one
 * stored meanwhile is kept). Articles are read afresh and published ones only, so a ranking can
 * never show what a reader may not see. `wanted`: the article columns to read (all when null),
 * as for any list: a block of titles need not carry ten bodies.
 */
export async function findPublicRelatedArticlePages(
  db: Kysely<Database>,
  articleIds: readonly number[],
  limit: number,
  wanted?: ReadonlySet<string> | null,
): Promise<Map<number, RelatedArticleRow[]>> {
  if (limit === 0 || articleIds.length === 0) return relatedPages(articleIds, [], 0);
  const rows = await storedRankingStatements.execute(db, pickColumns(articleFields, wanted), { articleIds, deciding: rowsDeciding(limit) });
  return relatedPages(articleIds, rows, limit);
}
