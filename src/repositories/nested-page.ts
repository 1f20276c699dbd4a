import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../db/types.js';
import { anyOf, applyKeyset, checkCursors, groupByParent, toPage, type KeysetOrder, type KeysetPage, type PageOf } from './keyset.js';
import { StatementTemplates } from './statement-templates.js';

type ParentTable = 'article' | 'source' | 'person' | 'organisation' | 'project' | 'topic';

const pageStatements = new StatementTemplates();

/**
 * One page of children for each of many parents, in one statement: the children query runs
 * LATERAL once per parent (`parent.id` is in scope), each with its own limit, so a page of 5
 * or of 100 parents costs the same single statement. Rows of a lateral subquery come out in
 * that subquery's order, parent by parent. `relation` names the parent table, the children
 * query and the order, everything but the values: the statement is compiled once per relation
 * and page shape (statement-templates.ts).
 */
export async function findPagesByParent<Row>(
  db: Kysely<Database>,
  relation: string,
  parentTable: ParentTable,
  parentIds: readonly number[],
  children: (db: Kysely<any>) => SelectQueryBuilder<any, any, any>,
  order: KeysetOrder,
  page: KeysetPage,
): Promise<Map<number, PageOf<Row>>> {
  const anyDb = db as Kysely<any>;
  const shape = `${relation}|${page.backward ? 'last' : 'first'}|${page.after === null ? '' : 'after'}|${page.before === null ? '' : 'before'}`;
  const values = {
    parentIds,
    size: page.size,
    ...(page.after !== null && { after: page.after }),
    ...(page.before !== null && { before: page.before }),
  };
  const rows = (await pageStatements.execute(anyDb, shape, values, (stand) =>
    anyDb
      .selectFrom(`${parentTable} as parent`)
      .innerJoinLateral(
        () => applyKeyset(children(anyDb), order, { ...page, size: stand.size, after: stand.after ?? null, before: stand.before ?? null }).as('item'),
        (join) => join.onTrue(),
      )
      .select(sql<number>`parent.id`.as('parent_id'))
      .selectAll('item')
      .where('parent.id', '=', anyOf(stand.parentIds)),
  )) as Array<Row & { parent_id: number }>;
  // A cursor naming no row the parents' lists may show empties every page (see findKeysetPage).
  if (rows.length === 0) await checkCursors(db, order, page, { table: parentTable, ids: parentIds });
  const pages = new Map<number, PageOf<Row>>();
  for (const [parentId, children] of groupByParent(parentIds, rows)) pages.set(parentId, toPage(children, page));
  return pages;
}
