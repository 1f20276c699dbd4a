import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.js';
import type { KeysetPage, PageOf } from '../repositories/keyset.js';
import { toConnection, toKeysetPage, type ConnectionArgs } from './pagination.js';
import { EDGE_NODE, selectedColumns } from './selected-columns.js';

/**
 * How a connection nested under many parents loads: pages for all parents in one statement,
 * counts for all parents in another (only if asked). Used through Pothos `t.loadable` with
 * `byPath: true`, so that all parents at one path of the query, which share the arguments,
 * share one batch.
 */
export interface NestedConnection<Row extends { id: number }> {
  /** Unique name of the relation, e.g. "Source.articles": it keys the count loader. */
  name: string;
  /** The order's name, written into cursors. */
  order: string;
  /** The GraphQL type of the nodes: their rows hold only the columns the query selects. */
  nodeType: string;
  /** `wanted`: the columns the query selects (selected-columns.ts), null for all. */
  pages(context: Context, parentIds: readonly number[], page: KeysetPage, wanted: ReadonlySet<string> | null): Promise<Map<number, PageOf<Row>>>;
  counts(context: Context, parentIds: readonly number[]): Promise<Map<number, number>>;
}

/** An edge of a nested list: the link's role, where links have one, sits on the edge. */
export interface NestedEdge<Row> {
  cursor: string;
  node: Row;
  role: string | null;
}

const toEdge = <Row extends { role?: string | null }>(row: Row, cursor: string): NestedEdge<Row> => ({
  cursor,
  node: row,
  role: row.role ?? null,
});

/** The `load` of a loadable nested connection field. */
export function loadNestedConnections<Row extends { id: number; role?: string | null }>(relation: NestedConnection<Row>) {
  return async (parentIds: readonly number[], context: Context, args: ConnectionArgs, info: GraphQLResolveInfo) => {
    const page = toKeysetPage(args, relation.order);
    const pages = await relation.pages(context, parentIds, page, selectedColumns(context, info, relation.nodeType, EDGE_NODE));
    const counter = context.loader(`count:${relation.name}`, async (keys) => {
      const counts = await relation.counts(context, keys);
      return keys.map((key) => counts.get(key) ?? 0);
    });
    return parentIds.map((parentId) =>
      toConnection(
        pages.get(parentId) ?? { rows: [], hasNextPage: false, hasPreviousPage: false },
        relation.order,
        () => counter.load(parentId),
        toEdge,
      ),
    );
  };
}
