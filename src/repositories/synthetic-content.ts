import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import { tableHasColumn, type TableWith } from '../model/entities.js';
import type { LinkTableName } from '../model/links.js';

// The bulk statements of the synthetic corpus (src/content/synthetic.ts): a thousand rows per
// insert, over tables named at run time, hence `sql.table`/`sql.ref` rather than a builder typed
// for one table.

/** Synthetic entities are told apart by their slug: the entities that have one. */
export type SyntheticEntityTable = TableWith<'slug'>;
/** The rows that join synthetic entities: the model's links, affiliations and the editor's pins. */
export type SyntheticLinkTable = LinkTableName | 'affiliation' | 'article_related';

/**
 * Synthetic rows: a slug with the prefix and, where the table has the flag, is_demo, so that a
 * real article about synth-pop is never taken for one. Topics have no flag.
 */
function isSynthetic(table: SyntheticEntityTable, slugPrefix: string) {
  const bySlug = sql`${sql.ref(`${table}.slug`)} like ${`${slugPrefix}%`}`;
  return !tableHasColumn(table, 'is_demo') ? bySlug : sql`${bySlug} and ${sql.ref(`${table}.is_demo`)} = true`;
}

export async function hasSyntheticRows(db: Kysely<Database>, table: SyntheticEntityTable, slugPrefix: string): Promise<boolean> {
  // Any synthetic row in this table?
  const { rows } = await sql<{ found: boolean }>`
    select exists (select from ${sql.table(table)} where ${isSynthetic(table, slugPrefix)}) as found`.execute(db);
  return rows[0]?.found === true;
}

/** Deletes a table's synthetic rows; returns how many went. */
export async function deleteSyntheticRows(db: Kysely<Database>, table: SyntheticEntityTable, slugPrefix: string): Promise<number> {
  // Delete synthetic rows of this table.
  const result = await sql`delete from ${sql.table(table)} where ${isSynthetic(table, slugPrefix)}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** `insert into table (columns) values (...), (...)`: a column a row lacks takes its default. */
function multiRowInsert(table: SyntheticEntityTable | SyntheticLinkTable, rows: ReadonlyArray<Record<string, unknown>>) {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const values = rows.map((row) => sql`(${sql.join(columns.map((column) => (column in row ? sql`${row[column]}` : sql`default`)))})`);
  return sql`insert into ${sql.table(table)} (${sql.join(columns.map((column) => sql.ref(column)))}) values ${sql.join(values)}`;
}

/** Inserts rows with a slug; returns their ids by slug (not trusting row order). */
export async function insertSyntheticEntities(
  db: Kysely<Database>,
  table: SyntheticEntityTable,
  rows: ReadonlyArray<{ slug: string }>,
): Promise<Map<string, number>> {
  // Bulk insert of synthetic entities.
  const { rows: inserted } = await sql<{ id: number; slug: string }>`${multiRowInsert(table, rows)} returning id, slug`.execute(db);
  return new Map(inserted.map((row) => [row.slug, row.id]));
}

export async function insertSyntheticLinks(
  db: Kysely<Database>,
  table: SyntheticLinkTable,
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<void> {
  // Bulk insert of synthetic links.
  await multiRowInsert(table, rows).execute(db);
}

/** Fresh planner statistics for tables just filled (PGlite has no autovacuum). */
export async function analyzeTables(db: Kysely<Database>, tables: ReadonlyArray<keyof Database>): Promise<void> {
  for (const table of tables) await sql`analyze ${sql.table(table)}`.execute(db);
}
