import { sql, type Expression, type ExpressionBuilder, type InsertObject, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../db/types.js';
import type { TableWith, TableWithout } from '../model/entities.js';
import { anyOf, findKeysetPage, type KeysetOrder, type KeysetPage, type PageOf } from './keyset.js';
import { StatementTemplates } from './statement-templates.js';

// Reads every named entity (source, person, organisation, project, topic) shares: by ids,
// by slug, and a keyset page in name order. Each entity's repository names its own.

/** The tables of the entities found by slug (src/model/entities.ts). */
export type SluggedTable = TableWith<'slug'>;

/** Named entities but the article, whose reads depend on the audience (repositories/article.ts). */
export type EntityTable = Exclude<SluggedTable, 'article'>;
type Where = (eb: ExpressionBuilder<any, any>) => Expression<SqlBool>;

/** Rows of one table by id, with the columns the shape names. */
const byIdStatements = new StatementTemplates(
  (db, { table, columns }: { table: EntityTable; columns: readonly string[] }, stand: { ids: readonly number[] }) =>
    db
      .selectFrom(table)
      .select(columns.map((column) => db.dynamic.ref(`${table}.${column}`)))
      .where(`${table}.id`, '=', anyOf(stand.ids)),
);

/**
 * The columns of `all` that `wanted` names (the query's selection, src/schema/selected-columns.ts),
 * in their usual order and always with `id`; all of them when `wanted` is null. Rows read with
 * fewer columns lack the others: they only ever go to the fields that asked for them.
 */
export function pickColumns<Column extends string>(all: readonly Column[], wanted: ReadonlySet<string> | null | undefined): readonly Column[] {
  return wanted ? all.filter((column) => column === 'id' || wanted.has(column)) : all;
}

export async function findRowsByIds<Row extends { id: number }>(
  db: Kysely<Database>,
  table: EntityTable,
  columns: readonly string[],
  ids: readonly number[],
): Promise<Array<Row | null>> {
  // entities by id: primary-key probes, returned in key order
  const rows = (await byIdStatements.execute(db, { table, columns }, { ids })) as Row[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

export async function findRowBySlug<Row>(
  db: Kysely<Database>,
  table: EntityTable,
  columns: readonly string[],
  slug: string,
): Promise<Row | null> {
  const row = await db
    .selectFrom(table)
    .select(columns.map((column) => db.dynamic.ref(`${table}.${column}`)))
    .where(`${table}.slug`, '=', slug)
    .executeTakeFirst();
  return (row as Row | undefined) ?? null;
}

/** Alphabetical by a name column, then by id. */
export function nameOrder(table: EntityTable, nameColumn: string): KeysetOrder {
  return {
    sortColumn: `${table}.${nameColumn}`,
    idColumn: `${table}.id`,
    direction: 'asc',
    cursorRow: (id) =>
      sql`(select ${sql.ref(`cursor.${nameColumn}`)}, cursor.id from ${sql.table(table)} as cursor where cursor.id = ${id})`,
  };
}

export async function findRowPage<Row>(
  db: Kysely<Database>,
  table: EntityTable,
  columns: readonly string[],
  order: KeysetOrder,
  page: KeysetPage,
  where?: Where,
): Promise<PageOf<Row>> {
  let query = db.selectFrom(table).select(columns.map((column) => db.dynamic.ref(`${table}.${column}`)));
  if (where) query = query.where(where);
  return (await findKeysetPage(db, query, order, page)) as PageOf<Row>;
}

export async function countRows(db: Kysely<Database>, table: EntityTable, where?: Where): Promise<number> {
  let query = db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('count'));
  if (where) query = query.where(where);
  const { count } = await query.executeTakeFirstOrThrow();
  return Number(count);
}

/** The tables whose rows carry a version that editors send back. */
export type VersionedTable = TableWith<'version'>;

export type VersionedUpdate<Row> = { row: Row } | { row: null; currentVersion: number | null };

/**
 * Updates a row only if it still has the version the editor read, and bumps the version. When
 * it does not, says which version is stored now (null when the row does not exist): the other
 * editor's change stays.
 */
export async function updateVersioned<Row>(
  db: Kysely<Database>,
  table: VersionedTable,
  columns: readonly string[],
  id: number,
  version: number,
  values: Record<string, unknown>,
): Promise<VersionedUpdate<Row>> {
  // versioned update: the row lock makes a concurrent update with the same version re-check and miss
  const row = await db
    .updateTable(table)
    .set({ ...values, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(columns.map((column) => db.dynamic.ref(`${table}.${column}`)))
    .executeTakeFirst();
  if (row) return { row: row as Row };
  const current = await db.selectFrom(table).select('version').where('id', '=', id).executeTakeFirst();
  return { row: null, currentVersion: (current?.version as number | undefined) ?? null };
}

export async function insertRow<Row>(
  db: Kysely<Database>,
  table: SluggedTable,
  columns: readonly string[],
  values: Record<string, unknown>,
): Promise<Row> {
  return (await db
    .insertInto(table)
    // The callers' values are typed for their one table (NewSource...); Kysely cannot follow a union of tables.
    .values(values as InsertObject<Database, typeof table>)
    .returning(columns.map((column) => db.dynamic.ref(`${table}.${column}`)))
    .executeTakeFirstOrThrow()) as Row;
}

export async function isSlugTaken(db: Kysely<Database>, table: SluggedTable, slug: string, exceptId?: number) {
  let query = db.selectFrom(table).select('id').where('slug', '=', slug);
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function rowExists(db: Kysely<Database>, table: SluggedTable, id: number): Promise<boolean> {
  return (await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** `base`, or `base-2`, `base-3`... whichever no row of the table has, nor had (slug-history.ts). */
export async function findFreeSlug(db: Kysely<Database>, table: SluggedTable, base: string): Promise<string> {
  // Two transactions making the same slug at once would both find it free and the second insert
  // would fail on a slug its client never sent: the second waits here until the first commits.
  await sql`select pg_advisory_xact_lock(hashtext(${`${table}:${base}`}))`.execute(db);
  const inFamily = (eb: ExpressionBuilder<any, any>) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]);
  // slugs taken in this family: live ones, and retired ones whose old links still redirect
  const taken = new Set(
    (
      await db
        .selectFrom(table)
        .select('slug')
        .where(inFamily)
        .unionAll(db.selectFrom('slug_history').select('slug').where('entity', '=', table).where(inFamily))
        .execute()
    ).map((row: { slug: string }) => row.slug),
  );
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix += 1) if (!taken.has(`${base}-${suffix}`)) return `${base}-${suffix}`;
}

/** Rows without a version, which a later write simply overwrites. */
type UnversionedTable = TableWithout<'version'>;

/** Sets columns of a row that has no version; undefined values are left as they are. Null when no row has the id. */
export async function updateRow<Row>(
  db: Kysely<Database>,
  table: UnversionedTable,
  columns: readonly string[],
  id: number,
  values: Record<string, unknown>,
): Promise<Row | null> {
  const returned = columns.map((column) => db.dynamic.ref(`${table}.${column}`));
  // Nothing to set is no statement Kysely can write: the row as it is.
  const query = Object.values(values).some((value) => value !== undefined)
    ? db.updateTable(table).set(values).where('id', '=', id).returning(returned)
    : db.selectFrom(table).select(returned).where('id', '=', id);
  return ((await query.executeTakeFirst()) as Row | undefined) ?? null;
}

/**
 * Locks a row until the transaction ends; false when no row has the id. Adding a link to the
 * row waits for the lock, so what a delete counts before deleting cannot change under it.
 */
export async function lockRow(db: Kysely<Database>, table: EntityTable, id: number): Promise<boolean> {
  // row lock before a delete
  const row = await db.selectFrom(table).select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  return row !== undefined;
}

/** Deletes a row and returns it as it was; null when no row has the id. */
export async function deleteRow<Row>(
  db: Kysely<Database>,
  table: EntityTable | 'affiliation',
  columns: readonly string[],
  id: number,
): Promise<Row | null> {
  const row = await db
    .deleteFrom(table)
    .where('id', '=', id)
    .returning(columns.map((column) => db.dynamic.ref(`${table}.${column}`)))
    .executeTakeFirst();
  return (row as Row | undefined) ?? null;
}
