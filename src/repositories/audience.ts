import { expressionBuilder, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';

/**
 * Who is reading. The one rule for unpublished content: readers see published articles only,
 * editors see drafts and archived ones too. Every article read goes through `visibleTo`, the row
 * a cursor names included (under its alias, `table`).
 */
export type Audience = 'reader' | 'editor';

export function visibleTo(audience: Audience, table = 'article') {
  return (eb: ExpressionBuilder<any, any>): Expression<SqlBool> =>
    audience === 'editor' ? eb.lit(true) : eb(`${table}.status`, '=', 'published');
}

/** `visibleTo` as a condition to write into raw SQL. */
export function visibleCondition(audience: Audience, table: string): Expression<SqlBool> {
  return visibleTo(audience, table)(expressionBuilder());
}
