import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../db/types.js';
import type { EntityTableName } from '../model/entities.js';
import { anyOf, applyKeyset, groupByParent, refusedCursorsByParent, toPage, type KeysetOrder, type KeysetPage, type PageOrRefusal } from './keyset.js';
import { StatementTemplates } from './statement-templates.js';

/** What a nested list is: the parents' table, their children (with `parent.id` in scope), the order. */
export interface NestedRelation {
  parentTable: EntityTableName;
  children: (db: Kysely<Database>) => SelectQueryBuilder<any, any, any>;
  order: KeysetOrder;
}

/** What a page request changes in the statement's text; the rest (size, cursor ids) are values. */
interface PageShape {
  backward: boolean;
  after: boolean;
  before: boolean;
}

interface PageValues extends Record<string, unknown> {
  parentIds: readonly number[];
  size: number;
  after?: number;
  before?: number;
}

/**
 * The reader of one kind of nested list: one page of children for each of many parents, in one
 * statement. The children query runs LATERAL once per parent (`parent.id` is in scope), each with
 * its own limit, so a page of 5 or of 100 parents costs the same single statement. Rows of a
 * lateral subquery come out in that subquery's order, parent by parent.
 *
 * `describe` turns a relation's shape (plain data: which link, which columns, which audience...)
 * into what the statement is built from. The statement is compiled once per relation shape and
 * page shape, keyed by those shapes themselves (statement-templates.ts): whatever the statement
 * depends on is in its key by construction.
 */
export function nestedPages<Shape, Row>(describe: (shape: Shape) => NestedRelation) {
  const statements = new StatementTemplates<{ relation: Shape; page: PageShape }, PageValues, Row & { parent_id: number }>(
    (db, { relation, page }, stand) => {
      const { parentTable, children, order } = describe(relation);
      const bounds: KeysetPage = { backward: page.backward, size: stand.size, after: stand.after ?? null, before: stand.before ?? null };
      return db
        .selectFrom(db.dynamic.table(parentTable).as('parent'))
        .innerJoinLateral(() => applyKeyset(children(db), order, bounds).as('item'), (join) => join.onTrue())
        .select(sql<number>`parent.id`.as('parent_id'))
        .selectAll('item')
        .where('parent.id', '=', anyOf(stand.parentIds));
    },
  );

  return async (db: Kysely<Database>, relation: Shape, parentIds: readonly number[], page: KeysetPage): Promise<Map<number, PageOrRefusal<Row>>> => {
    const values: PageValues = {
      parentIds,
      size: page.size,
      ...(page.after !== null && { after: page.after }),
      ...(page.before !== null && { before: page.before }),
    };
    const shape = { backward: page.backward, after: page.after !== null, before: page.before !== null };
    const rows = await statements.execute(db, { relation, page: shape }, values);
    const pages = new Map<number, PageOrRefusal<Row>>();
    const emptyParents: number[] = [];
    for (const [parentId, children] of groupByParent(parentIds, rows)) {
      pages.set(parentId, toPage<Row>(children, page));
      if (children.length === 0) emptyParents.push(parentId);
    }
    // A cursor naming no row a parent's list may show empties that parent's page (see
    // findKeysetPage): only then is it looked up, for those parents.
    if (emptyParents.length > 0 && (page.after !== null || page.before !== null)) {
      const { parentTable, order } = describe(relation);
      for (const [parentId, refusal] of await refusedCursorsByParent(db, order, page, { table: parentTable, ids: emptyParents })) {
        pages.set(parentId, refusal);
      }
    }
    return pages;
  };
}
