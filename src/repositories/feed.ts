import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import { entities } from '../model/entities.js';
import { articleLinks, type ArticleLinkFilterKey } from '../model/links.js';
import { filteredArticles, type ArticleFilter } from './article.js';
import { visibleCondition, visibleTo } from './audience.js';

// What feeds and sitemaps read: published articles whose time has come, newest first, and a
// fingerprint of all published content that tells when a generated document is stale.

type Db = Kysely<Database>;

/** The entities with a feed of their articles, and the filter that finds them: derived from the model. */
export const feedParents = {
  source: 'sourceIds',
  ...(Object.fromEntries(articleLinks.map((link) => [link.child, link.articleFilter])) as Record<(typeof articleLinks)[number]['child'], ArticleLinkFilterKey>),
} as const;

export type FeedParentTable = keyof typeof feedParents;

export interface FeedArticle {
  id: number;
  slug: string;
  title: string;
  lead: string | null;
  language: string;
  published_at: Date;
  updated_at: Date;
  source_name: string | null;
}

/** The newest published articles (only those whose publication time has come), optionally of one entity. */
export async function findFeedArticles(db: Db, filter: ArticleFilter, limit: number): Promise<FeedArticle[]> {
  // newest published articles for a feed: index on (status, listed_at, id)
  const rows = await filteredArticles(db, filter, 'reader')
    .leftJoin('source', 'source.id', 'article.source_id')
    .select(['article.id', 'article.slug', 'article.title', 'article.lead', 'article.language', 'article.published_at', 'article.updated_at', 'source.name as source_name'])
    .orderBy('article.listed_at', 'desc')
    .orderBy('article.id', 'desc')
    .limit(limit)
    .execute();
  return rows as FeedArticle[];
}

/** Published articles for a sitemap page, in id order: `afterId` starts the page. */
export async function findSitemapArticles(db: Db, afterId: number, limit: number): Promise<Array<Pick<FeedArticle, 'id' | 'slug' | 'updated_at'>>> {
  // a sitemap page of published articles, by primary key
  return db
    .selectFrom('article')
    .select(['id', 'slug', 'updated_at'])
    .where(visibleTo('reader'))
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** How many published articles a sitemap lists, and the id each page of `pageSize` starts after. */
export async function sitemapPageStarts(db: Db, pageSize: number): Promise<number[]> {
  // every pageSize-th published article id: where each sitemap page starts
  const { rows } = await sql<{ after_id: number }>`
    select coalesce(previous_id, 0) as after_id
    from (
      select id, row_number() over (order by id) as n, lag(id) over (order by id) as previous_id
      from article where ${visibleCondition('reader', 'article')}
    ) as listed
    where (n - 1) % ${pageSize} = 0
    order by id`.execute(db);
  return rows.map((row) => Number(row.after_id));
}

/** An entity with a feed, by slug: its id and name; null when none has the slug. */
export async function findFeedParent(db: Db, table: FeedParentTable, slug: string): Promise<{ id: number; name: string } | null> {
  const nameColumn = entities[table].nameColumn;
  // feed parent by slug: unique index on slug
  const row = await db
    .selectFrom(table)
    .select(['id', sql.ref<string>(nameColumn).as('name')])
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Changes whenever what feeds show may have: the related-ranking generation, which triggers move
 * on every write to articles, their links and the linked entities (migrations/0008), the latest
 * change to a source (sources have no such trigger), and the newest publication time that has
 * come (an article published for a later time appears without any write).
 */
export async function contentFingerprint(db: Db): Promise<string> {
  // content fingerprint for feeds: three one-row reads (a published article's listed_at is its published_at)
  const { rows } = await sql<{ fingerprint: string }>`
    select concat_ws('/',
      (select generation from related_generation),
      (select extract(epoch from max(updated_at)) from source),
      (select extract(epoch from max(listed_at)) from article where ${visibleCondition('reader', 'article')})
    ) as fingerprint`.execute(db);
  return rows[0]!.fingerprint;
}
