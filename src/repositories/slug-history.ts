import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import type { TableWith } from '../model/entities.js';

// The slugs objects had before (slug_history, kept by triggers: migrations/0009_publishing.ts).
// Renaming leaves the old slug to its object, so that old links still find it. A new slug made
// from a name skips retired ones (entity-table.ts, findFreeSlug); a slug an editor gives
// explicitly takes a retired one over, and its redirect is dropped.

type SluggedTable = TableWith<'slug'>;

/** The id of the object of `table` that had `slug` before, or null. */
export async function findIdByFormerSlug(db: Kysely<Database>, table: SluggedTable, slug: string): Promise<number | null> {
  // former slug: slug_history primary key
  const row = await db
    .selectFrom('slug_history')
    .select('entity_id')
    .where('entity', '=', table)
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row?.entity_id ?? null;
}
