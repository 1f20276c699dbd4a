import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import { entities, readColumns } from '../model/entities.js';
import { links, reversedLink, type Link, type LinkSide } from '../model/links.js';
import { anyOf, countsByParent, type KeysetOrder, type KeysetPage, type PageOf, type PageOrRefusal } from './keyset.js';
import { pickColumns } from './entity-table.js';
import { nestedPages, roleColumn, tableColumns } from './nested-page.js';

// A many-to-many link read from one side: the parent's children through the link's table, as
// the content model (src/model/links.ts) describes it.

const linkByTable = Object.fromEntries(links.map((link) => [link.table, link])) as Record<Link['table'], Link>;

/** The side of a link that lists from `parentColumn`. */
function sideOf(table: Link['table'], parentColumn: string): LinkSide {
  const link = linkByTable[table];
  return link.parentColumn === parentColumn ? link : reversedLink(link);
}

/** Children in the order the link lists them (its position), then by id. */
function linkOrder(link: LinkSide): KeysetOrder {
  return {
    sortColumn: `link.${link.order}`,
    idColumn: `link.${link.childColumn}`,
    direction: 'asc',
    cursorRow: (id) =>
      sql`(select ${sql.ref(`cursor.${link.order}`)}, ${sql.ref(`cursor.${link.childColumn}`)} from ${sql.table(link.table)} as cursor
           where ${sql.ref(`cursor.${link.parentColumn}`)} = parent.id and ${sql.ref(`cursor.${link.childColumn}`)} = ${id})`,
  };
}

const linkedPages = nestedPages((shape: { table: Link['table']; parentColumn: string; columns: readonly string[] }) => {
  const link = sideOf(shape.table, shape.parentColumn);
  const childTable = entities[link.child].table;
  return {
    parentTable: entities[link.parent].table as 'article' | 'project' | 'organisation',
    order: linkOrder(link),
    columns: [
      ...tableColumns(childTable, shape.columns),
      roleColumn(link),
      ...(link.captioned ? [{ name: 'edge_caption', typeOf: { table: link.table, column: 'caption' } }] : []),
    ],
    children: (db: Kysely<Database>) =>
      db
        .selectFrom(db.dynamic.table(link.table).as('link'))
        .innerJoin(sql`${sql.table(childTable)}`.as('child'), (join) =>
          join.on(sql<boolean>`child.id = ${sql.ref(`link.${link.childColumn}`)}`),
        )
        .select(shape.columns.map((column) => db.dynamic.ref(`child.${column}`)))
        .select(link.roles ? sql.ref('link.role').as('role') : sql.lit(null).as('role'))
        .$if(link.captioned, (query) => query.select(sql.ref('link.caption').as('edge_caption')))
        .where(sql<boolean>`${sql.ref(`link.${link.parentColumn}`)} = parent.id`),
  };
});

/**
 * A page of linked children per parent, each row with the link's role (null where links have none)
 * and, for captioned links, the link's own caption as `edge_caption`; `wanted`: see pickColumns.
 */
export function findLinkedPages<Row>(
  db: Kysely<Database>,
  link: LinkSide,
  parentIds: readonly number[],
  page: KeysetPage,
  wanted?: ReadonlySet<string> | null,
): Promise<Map<number, PageOrRefusal<Row & { role: string | null }>>> {
  const columns = pickColumns(readColumns(entities[link.child]), wanted);
  return linkedPages(db, { table: link.table, parentColumn: link.parentColumn, columns }, parentIds, page) as Promise<Map<number, PageOrRefusal<Row & { role: string | null }>>>;
}

export async function countLinkedByParentIds(
  db: Kysely<Database>,
  link: LinkSide,
  parentIds: readonly number[],
): Promise<Map<number, number>> {
  // linked children counts per parent
  const parent = db.dynamic.ref(link.parentColumn);
  const rows = await db
    .selectFrom(link.table)
    .select([sql.ref(link.parentColumn).as('parent_id'), (eb) => eb.fn.countAll().as('count')])
    .where(parent, '=', anyOf(parentIds))
    .groupBy(parent)
    .execute();
  return countsByParent(parentIds, rows);
}
