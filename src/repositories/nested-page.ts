import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { buildsEveryStatement } from '../db/connect.js';
import type { Database } from '../db/types.js';
import type { EntityTableName } from '../model/entities.js';
import { anyOf, applyKeyset, groupByParent, refusedCursorsByParent, toPage, type KeysetOrder, type KeysetPage, type PageOrRefusal } from './keyset.js';
import { StatementTemplates } from './statement-templates.js';

/** A column of a nested list's rows, and the table column whose type it has (null: an untyped null). */
export interface ChildColumn {
  name: string;
  typeOf: { table: string; column: string } | null;
}

/** Columns of a table, read as they are. */
export const tableColumns = (table: string, columns: readonly string[]): ChildColumn[] =>
  columns.map((column) => ({ name: column, typeOf: { table, column } }));

/** The `role` of the link a list goes through: null where its links have none (or there is no link). */
export const roleColumn = (link: { table: string; roles: readonly string[] | null } | null): ChildColumn => ({
  name: 'role',
  typeOf: link?.roles ? { table: link.table, column: 'role' } : null,
});

/** What a nested list is: the parents' table, their children (with `parent.id` in scope), the order. */
export interface NestedRelation {
  parentTable: EntityTableName;
  /** Selects at least `columns`. */
  children: (db: Kysely<Database>) => SelectQueryBuilder<any, any, any>;
  /** The columns of the rows it returns. */
  columns: readonly ChildColumn[];
  order: KeysetOrder;
}

/** What a page request changes in the statement's text; the rest (size, cursor ids) are values. */
interface PageShape {
  backward: boolean;
  after: boolean;
  before: boolean;
}

interface PageValues {
  parentIds: readonly number[];
  size: number;
  after?: number;
  before?: number;
}

/** One nested list's pages for many parents: the reader (by its number), its relation's shape, the page's shape. */
type Branch = [reader: number, relation: unknown, page: PageShape];

type Row = Record<string, unknown> & { parent_id: number };

/** The describe function of each reader, by number: a branch names its reader by number (it is plain data). */
const describers: Array<(shape: unknown) => NestedRelation> = [];

/** A branch's value names in a combined statement: `0.size`, `1.parentIds`... */
const valueName = (branch: number, name: string) => `${branch}.${name}`;

/** A branch's column in a combined statement: branches share no column, so each may have its own type. */
const branchColumn = (branch: number, index: number) => `b${branch}_${index}`;

function branchQuery(db: Kysely<Database>, [reader, shape, page]: Branch, stand: PageValues, select: (relation: NestedRelation) => unknown[]) {
  const relation = describers[reader]!(shape);
  const bounds: KeysetPage = { backward: page.backward, size: stand.size, after: stand.after ?? null, before: stand.before ?? null };
  return db
    .selectFrom(db.dynamic.table(relation.parentTable).as('parent'))
    .innerJoinLateral(() => applyKeyset(relation.children(db), relation.order, bounds).as('item'), (join) => join.onTrue())
    .select(select(relation) as never)
    .where('parent.id', '=', anyOf(stand.parentIds));
}

/** A column of the lateral rows; by identifier, as a name may hold a dot (`source.name`). */
const item = (column: ChildColumn) => sql`item.${sql.id(column.name)}`;

/**
 * The pages of several nested lists in one statement: one branch of a UNION ALL per list, each
 * with its own columns (`b<branch>_<index>`) and nulls of the same types in the others' (a null
 * of a table's row type, then its column: `(null::person).full_name`), so that every value comes
 * back with the type it has when the list is read alone.
 */
const statements = new StatementTemplates<Branch[], Record<string, unknown>, Row>((db, branches, stand) => {
  const standOf = (index: number) =>
    Object.fromEntries(['parentIds', 'size', 'after', 'before'].map((name) => [name, stand[valueName(index, name)]])) as unknown as PageValues;
  if (branches.length === 1) {
    return branchQuery(db, branches[0]!, standOf(0), (relation) => [
      sql`parent.id`.as('parent_id'),
      ...relation.columns.map((column) => item(column).as(column.name)),
    ]);
  }
  const columnsOf = branches.map(([reader, shape]) => describers[reader]!(shape).columns);
  const queries = branches.map((branch, index) =>
    branchQuery(db, branch, standOf(index), () => [
      sql.lit(index).as('branch'),
      sql`parent.id`.as('parent_id'),
      ...columnsOf.flatMap((columns, other) =>
        columns.map((column, position) => {
          if (other === index) return item(column).as(branchColumn(other, position));
          const { typeOf } = column;
          const typedNull = typeOf ? sql`(null::${sql.table(typeOf.table)}).${sql.ref(typeOf.column)}` : sql`null`;
          return typedNull.as(branchColumn(other, position));
        }),
      ),
    ]),
  );
  return queries.slice(1).reduce((union, query) => union.unionAll(query as never), queries[0]!);
});

interface Request {
  branch: Branch;
  values: PageValues;
  resolve(rows: Row[]): void;
  reject(error: unknown): void;
}

/** Requests waiting for the statement that answers them, per database handle (one per HTTP request). */
const waiting = new WeakMap<Kysely<Database>, Request[]>();

/** The values of a statement of these requests, named as the template names them. */
function valuesOf(requests: ReadonlyArray<Pick<Request, 'values'>>): Record<string, unknown> {
  return Object.fromEntries(
    requests.flatMap(({ values }, index) => Object.entries(values).map(([name, value]) => [valueName(index, name), value])),
  );
}

/** Answers the requests with one statement, each with its own rows under its own column names. */
async function answer(db: Kysely<Database>, requests: Request[]): Promise<void> {
  try {
    const rows = await statements.execute(db, requests.map(({ branch }) => branch), valuesOf(requests));
    if (requests.length === 1) return requests[0]!.resolve(rows);
    const byBranch: Row[][] = requests.map(() => []);
    // each branch's [own name, column in the statement], worked out once per statement, not per row
    const names = requests.map(({ branch: [reader, shape] }, branch) =>
      describers[reader]!(shape).columns.map((column, index) => [column.name, branchColumn(branch, index)] as const),
    );
    for (const row of rows) {
      const branch = row['branch'] as number;
      const own: Row = { parent_id: row.parent_id };
      for (const [name, column] of names[branch]!) own[name] = row[column];
      byBranch[branch]!.push(own);
    }
    requests.forEach((request, index) => request.resolve(byBranch[index]!));
  } catch (error) {
    for (const request of requests) request.reject(error);
  }
}

/**
 * The rows of a branch. With optimisations on, the nested lists a request asks for together
 * (an article's people, organisations and topics: DataLoader dispatches their batches in one
 * tick) go to the database in one statement: it waits for the other loaders of its tick the
 * way DataLoader waits for loads, a promise job then a tick.
 */
function rowsOf(db: Kysely<Database>, branch: Branch, values: PageValues): Promise<Row[]> {
  if (buildsEveryStatement(db)) return statements.execute(db, [branch], valuesOf([{ values }]));
  let requests = waiting.get(db);
  if (!requests) {
    const gathered: Request[] = (requests = []);
    waiting.set(db, gathered);
    void Promise.resolve().then(() =>
      process.nextTick(() => {
        waiting.delete(db);
        void answer(db, gathered);
      }),
    );
  }
  const queue = requests;
  return new Promise((resolve, reject) => queue.push({ branch, values, resolve, reject }));
}

/**
 * The reader of one kind of nested list: one page of children for each of many parents, in one
 * statement. The children query runs LATERAL once per parent (`parent.id` is in scope), each with
 * its own limit, so a page of 5 or of 100 parents costs the same single statement. Rows of a
 * lateral subquery come out in that subquery's order, parent by parent (and a UNION ALL's
 * branches one after the other).
 *
 * `describe` turns a relation's shape (plain data: which link, which columns, which audience...)
 * into what the statement is built from. The statement is compiled once per relation shape and
 * page shape (and the other lists it is sent with), keyed by those shapes themselves
 * (statement-templates.ts): whatever the statement depends on is in its key by construction.
 */
export function nestedPages<Shape, Row>(describe: (shape: Shape) => NestedRelation) {
  const reader = describers.push(describe as (shape: unknown) => NestedRelation) - 1;

  return async (db: Kysely<Database>, relation: Shape, parentIds: readonly number[], page: KeysetPage): Promise<Map<number, PageOrRefusal<Row>>> => {
    const values: PageValues = {
      parentIds,
      size: page.size,
      ...(page.after !== null && { after: page.after }),
      ...(page.before !== null && { before: page.before }),
    };
    const shape = { backward: page.backward, after: page.after !== null, before: page.before !== null };
    const rows = await rowsOf(db, [reader, relation, shape], values);
    const pages = new Map<number, PageOrRefusal<Row>>();
    const emptyParents: number[] = [];
    for (const [parentId, children] of groupByParent(parentIds, rows)) {
      pages.set(parentId, toPage(children as Row[], page));
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
