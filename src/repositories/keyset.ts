import { sql, type Expression, type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Database } from '../db/types.js';
import { UnknownCursorError } from '../errors.js';

// Keyset pagination (never OFFSET): a page starts strictly after or before the row a cursor
// names, in an order made total by the row id as tie-breaker.

export type SortDirection = 'asc' | 'desc';

/** An order a list can be paged by: a sort column, then the id, both in one direction. */
export interface KeysetOrder {
  sortColumn: string;
  idColumn: string;
  direction: SortDirection;
  /**
   * The (sort value, id) of the row a cursor names, as a one-row subquery. Cursors carry only
   * an id, so there is no client-supplied sort value to validate or to get wrong.
   */
  cursorRow(id: number): RawBuilder<unknown>;
}

/** A page request, already validated: ids of the rows the cursors name. */
export interface KeysetPage {
  size: number;
  /** Paging with `last`: the rows just before `before` (or the end of the list). */
  backward: boolean;
  after: number | null;
  before: number | null;
}

export interface PageOf<T> {
  rows: T[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

const flip = (direction: SortDirection): SortDirection => (direction === 'asc' ? 'desc' : 'asc');

function beyond(order: KeysetOrder, direction: SortDirection, id: number): Expression<SqlBool> {
  const comparison = sql.raw(direction === 'asc' ? '>' : '<');
  return sql<SqlBool>`(${sql.ref(order.sortColumn)}, ${sql.ref(order.idColumn)}) ${comparison} ${order.cursorRow(id)}`;
}

/** Adds the cursor bounds, the order and a limit one row past the page to tell if more follow. */
export function applyKeyset<Query extends SelectQueryBuilder<any, any, any>>(
  query: Query,
  order: KeysetOrder,
  page: KeysetPage,
): Query {
  let bounded: SelectQueryBuilder<any, any, any> = query;
  if (page.after !== null) bounded = bounded.where(beyond(order, order.direction, page.after));
  if (page.before !== null) bounded = bounded.where(beyond(order, flip(order.direction), page.before));
  const direction = page.backward ? flip(order.direction) : order.direction;
  return bounded
    .orderBy(sql.ref(order.sortColumn), direction)
    .orderBy(sql.ref(order.idColumn), direction)
    .limit(sql<number>`${page.size} + 1`) as Query; // +1 in SQL: the size stays a value of its own (statement-templates.ts)
}

/**
 * A page of `query` in `order`. A cursor naming a row the query may not see (a draft, for a
 * reader) or no row at all empties the page; only then is it looked up, to refuse it the same way
 * in both cases: a reader learns nothing of a draft, not even that its id exists.
 */
export async function findKeysetPage<Row>(
  db: Kysely<Database>,
  query: SelectQueryBuilder<any, any, Row>,
  order: KeysetOrder,
  page: KeysetPage,
): Promise<PageOf<Row>> {
  const rows = await applyKeyset(query, order, page).execute();
  if (rows.length === 0) await checkCursors(db, order, page);
  return toPage(rows, page);
}

/** Throws UnknownCursorError for a cursor of `page` that names no row `order.cursorRow` finds. */
export async function checkCursors(db: Kysely<Database>, order: KeysetOrder, page: KeysetPage): Promise<void> {
  for (const argument of ['after', 'before'] as const) {
    const id = page[argument];
    if (id === null) continue;
    // the row a cursor names, after an empty page
    const { rows } = await sql<{ found: boolean }>`select exists ${order.cursorRow(id)} as found`.execute(db);
    if (!rows[0]?.found) throw new UnknownCursorError(argument);
  }
}

/** A parent's page of a nested list, or the refusal of a cursor that names none of its rows. */
export type PageOrRefusal<T> = PageOf<T> | UnknownCursorError;

/**
 * For orders whose cursor row depends on the parent of a nested list (`parent.id`): the refusal
 * of each parent, among `parentIds`, whose list holds no row a cursor of `page` names. Each
 * parent on its own, so that the answer does not depend on which parents share a batch.
 */
export async function refusedCursorsByParent(
  db: Kysely<Database>,
  order: KeysetOrder,
  page: KeysetPage,
  parents: { table: string; ids: readonly number[] },
): Promise<Map<number, UnknownCursorError>> {
  const refused = new Map<number, UnknownCursorError>();
  for (const argument of ['after', 'before'] as const) {
    const id = page[argument];
    const unsettled = parents.ids.filter((parentId) => !refused.has(parentId));
    if (id === null || unsettled.length === 0) continue;
    // the parents whose list holds the row a cursor names, after their empty pages
    const { rows } = await sql<{ id: number }>`
      select parent.id from ${sql.table(parents.table)} as parent
      where parent.id = ${anyOf(unsettled)} and exists ${order.cursorRow(id)}`.execute(db);
    const named = new Set(rows.map((row) => row.id));
    for (const parentId of unsettled) if (!named.has(parentId)) refused.set(parentId, new UnknownCursorError(argument));
  }
  return refused;
}

/** Turns the rows of an `applyKeyset` query into a page in display order. */
export function toPage<T>(rows: T[], page: KeysetPage): PageOf<T> {
  const hasMore = rows.length > page.size;
  const pageRows = hasMore ? rows.slice(0, page.size) : rows;
  if (page.backward) {
    return { rows: pageRows.reverse(), hasPreviousPage: hasMore, hasNextPage: page.before !== null };
  }
  return { rows: pageRows, hasNextPage: hasMore, hasPreviousPage: page.after !== null };
}

/** Groups rows by parent, keeping each parent's rows in query order; every key gets an entry. */
export function groupByParent<T extends { parent_id: number }>(keys: readonly number[], rows: T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(row.parent_id)?.push(row);
  return groups;
}

/** Counts per parent from `group by` rows; parents with no row count 0. */
export function countsByParent(
  keys: readonly number[],
  rows: ReadonlyArray<{ parent_id: unknown; count: string | number | bigint }>,
): Map<number, number> {
  const counts = new Map<number, number>(keys.map((key) => [key, 0]));
  for (const row of rows) counts.set(Number(row.parent_id), Number(row.count));
  return counts;
}

/** `= any($1)`: one array parameter, so the statement text and its plan do not vary with the count. */
export function anyOf(ids: readonly number[]): RawBuilder<number> {
  return sql<number>`any(${ids}::int[])`;
}
