import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import { anyOf, countsByParent, type KeysetOrder, type KeysetPage, type PageOf } from './keyset.js';
import { pickColumns } from './entity-table.js';
import { findPagesByParent } from './nested-page.js';

/** A many-to-many link read from one side: the parent's children through a link table. */
export interface LinkSpec {
  parentTable: 'article' | 'organisation' | 'project';
  linkTable: 'article_person' | 'article_organisation' | 'article_project' | 'article_topic' | 'project_organisation';
  parentColumn: string;
  childColumn: string;
  childTable: 'person' | 'organisation' | 'project' | 'topic';
  childColumns: readonly string[];
  hasRole: boolean;
}

/** Children in the order the link lists them (its position), then by id. */
function linkOrder(spec: LinkSpec): KeysetOrder {
  return {
    sortColumn: 'link.position',
    idColumn: `link.${spec.childColumn}`,
    direction: 'asc',
    cursorRow: (id) =>
      sql`(select cursor.position, ${sql.ref(`cursor.${spec.childColumn}`)} from ${sql.table(spec.linkTable)} as cursor
           where ${sql.ref(`cursor.${spec.parentColumn}`)} = parent.id and ${sql.ref(`cursor.${spec.childColumn}`)} = ${id})`,
  };
}

/** A page of linked children per parent, each row with the link's role (null where links have none); `wanted`: see pickColumns. */
export function findLinkedPages<Row>(
  db: Kysely<Database>,
  spec: LinkSpec,
  parentIds: readonly number[],
  page: KeysetPage,
  wanted?: ReadonlySet<string> | null,
): Promise<Map<number, PageOf<Row & { role: string | null }>>> {
  const columns = pickColumns(spec.childColumns, wanted);
  const children = (anyDb: Kysely<any>) =>
    anyDb
      .selectFrom(`${spec.linkTable} as link`)
      .innerJoin(`${spec.childTable} as child` as string, 'child.id', `link.${spec.childColumn}`)
      .select(columns.map((column) => `child.${column}`))
      .select(spec.hasRole ? sql.ref('link.role').as('role') : sql.lit(null).as('role'))
      .whereRef(`link.${spec.parentColumn}`, '=', 'parent.id');
  const relation = `${spec.parentTable}.${spec.parentColumn}>${spec.linkTable}>${spec.childTable}:${columns.join(',')}`;
  return findPagesByParent(db, relation, spec.parentTable, parentIds, children, linkOrder(spec), page);
}

export async function countLinkedByParentIds(
  db: Kysely<Database>,
  spec: LinkSpec,
  parentIds: readonly number[],
): Promise<Map<number, number>> {
  // linked children counts per parent
  const rows = await (db as Kysely<any>)
    .selectFrom(spec.linkTable)
    .select([sql.ref(spec.parentColumn).as('parent_id'), (eb) => eb.fn.countAll().as('count')])
    .where(spec.parentColumn, '=', anyOf(parentIds))
    .groupBy(spec.parentColumn)
    .execute();
  return countsByParent(parentIds, rows);
}
