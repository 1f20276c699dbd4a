import { expressionBuilder, sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { readingInstant } from '../clock.js';

/**
 * Who is reading. The one rule for unpublished content: readers see published articles whose
 * publication time has come (src/clock.ts), editors see drafts, scheduled and archived ones too.
 * Every article read goes through `visibleTo`, the row a cursor names included (under its alias,
 * `table`).
 */
export type Audience = 'reader' | 'editor';

/** The instant reads are made at, as SQL: bound at each execution from the clock. */
export const readingNow = () => sql<Date>`${readingInstant}::timestamptz`;

/**
 * A published article is due once its publication time has come. `listed_at` is its publication
 * time (coalesce(published_at, created_at), migration 0001), and is what the list indexes order:
 * the condition bounds their range scans.
 */
export function dueCondition(table: string): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(`${table}.listed_at`)} <= ${readingNow()}`;
}

export function visibleTo(audience: Audience, table = 'article') {
  return (eb: ExpressionBuilder<any, any>): Expression<SqlBool> =>
    audience === 'editor' ? eb.lit(true) : eb.and([eb(`${table}.status`, '=', 'published'), dueCondition(table)]);
}

/** `visibleTo` as a condition to write into raw SQL. */
export function visibleCondition(audience: Audience, table: string): Expression<SqlBool> {
  return visibleTo(audience, table)(expressionBuilder());
}
