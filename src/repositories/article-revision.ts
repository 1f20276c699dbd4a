import { sql, type Kysely } from 'kysely';
import type { ArticleRevision, Database } from '../db/types.js';
import type { ArticleRow } from './article.js';
import { anyOf } from './keyset.js';

// The pending revision of a published article (article_revision, migration 0009): the change
// being prepared, which readers do not see until it is published in one step.

/** The fields a revision changes: an article's text. */
export const revisedFields = ['title', 'lead', 'body', 'language'] as const;

export type RevisedValues = Partial<Pick<ArticleRevision, (typeof revisedFields)[number]>>;

export async function findRevisionsByArticleIds(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, ArticleRevision>> {
  // pending revisions: primary-key probes
  const rows = await db.selectFrom('article_revision').selectAll().where('article_id', '=', anyOf(ids)).execute();
  return new Map(rows.map((row) => [row.article_id, row]));
}

/** Starts the article's revision from its live text if it has none, then applies `values`. */
export async function writeRevision(db: Kysely<Database>, article: ArticleRow, values: RevisedValues): Promise<ArticleRevision> {
  const changes = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as RevisedValues;
  const start = Object.fromEntries(revisedFields.map((field) => [field, article[field]])) as Pick<ArticleRevision, (typeof revisedFields)[number]>;
  // revision upsert: the live text, then the changes
  return db
    .insertInto('article_revision')
    .values({ article_id: article.id, ...start, ...changes, updated_at: sql`now()` })
    .onConflict((conflict) =>
      conflict.column('article_id').doUpdateSet({ ...changes, updated_at: sql`now()`, version: sql`article_revision.version + 1` }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Removes an article's pending revision and returns it; null when it had none. */
export async function takeRevision(db: Kysely<Database>, articleId: number): Promise<ArticleRevision | null> {
  return (await db.deleteFrom('article_revision').where('article_id', '=', articleId).returningAll().executeTakeFirst()) ?? null;
}

/** The article as its pending revision would make it. */
export function withRevision<Row extends ArticleRow>(article: Row, revision: ArticleRevision | undefined): Row {
  if (!revision) return article;
  return { ...article, ...Object.fromEntries(revisedFields.map((field) => [field, revision[field]])) };
}
