import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../db/types.js';
import { anyOf, applyKeyset, toPage, type KeysetOrder, type KeysetPage, type PageOf } from './keyset.js';

// Reads every named entity (source, person, organisation, project, topic) shares: by ids,
// by slug, and a keyset page in name order. Each entity's repository names its own.

type EntityTable = 'source' | 'person' | 'organisation' | 'project' | 'topic';
type Where = (eb: ExpressionBuilder<any, any>) => Expression<SqlBool>;

export async function findRowsByIds<Row extends { id: number }>(
  db: Kysely<Database>,
  table: EntityTable,
  columns: readonly string[],
  ids: readonly number[],
): Promise<Array<Row | null>> {
  // entities by id: primary-key probes, returned in key order
  const rows = (await (db as Kysely<any>)
    .selectFrom(table)
    .select(columns.map((column) => `${table}.${column}`))
    .where(`${table}.id`, '=', anyOf(ids))
    .execute()) as Row[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

export async function findRowBySlug<Row>(
  db: Kysely<Database>,
  table: EntityTable,
  columns: readonly string[],
  slug: string,
): Promise<Row | null> {
  const row = await (db as Kysely<any>)
    .selectFrom(table)
    .select(columns.map((column) => `${table}.${column}`))
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
  let query = (db as Kysely<any>).selectFrom(table).select(columns.map((column) => `${table}.${column}`));
  if (where) query = query.where(where);
  const rows = (await applyKeyset(query, order, page).execute()) as Row[];
  return toPage(rows, page);
}

export async function countRows(db: Kysely<Database>, table: EntityTable, where?: Where): Promise<number> {
  let query = (db as Kysely<any>).selectFrom(table).select((eb) => eb.fn.countAll<string>().as('count'));
  if (where) query = query.where(where);
  const { count } = await query.executeTakeFirstOrThrow();
  return Number(count);
}
