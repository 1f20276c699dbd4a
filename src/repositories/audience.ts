import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../db/types.js';

/**
 * Who is reading. The one rule for unpublished content: readers see published articles only,
 * editors see drafts and archived ones too. Every article read goes through `visibleTo`.
 */
export type Audience = 'reader' | 'editor';

export function visibleTo(audience: Audience) {
  return (eb: ExpressionBuilder<Database, 'article'>) =>
    audience === 'editor' ? eb.lit(true) : eb('article.status', '=', 'published');
}
