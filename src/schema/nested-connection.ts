import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.js';
import { UnknownCursorError } from '../errors.js';
import type { KeysetPage, PageOrRefusal } from '../repositories/keyset.js';
import { Edge, toConnection, toKeysetPage, type ConnectionArgs } from './pagination.js';
import { EDGE_NODE, selectedColumns } from './selected-columns.js';

/**
 * How a connection nested under many parents loads: pages for all parents in one statement,
 * counts for all parents in another (only if asked). Resolved through `batchedPerParent`, so
 * that all parents at one path of the query that read the same page and columns share one batch.
 */
export interface NestedConnection<Row extends { id: number }, Joined = undefined> {
  /** Unique name of the relation, e.g. "Source.articles": it keys the batches. */
  name: string;
  /** The order's name, written into cursors. */
  order: string;
  /** The GraphQL type of the nodes: their rows hold only the columns the query selects. */
  nodeType: string;
  /** What the rows are read with besides their own columns, from the selection (plain data; articles: their source). */
  joined?(context: Context, info: GraphQLResolveInfo): Joined;
  /** `wanted`: the columns the query selects (selected-columns.ts), null for all. */
  pages(
    context: Context,
    parentIds: readonly number[],
    page: KeysetPage,
    wanted: ReadonlySet<string> | null,
    joined: Joined | undefined,
  ): Promise<Map<number, PageOrRefusal<Row>>>;
  counts(context: Context, parentIds: readonly number[]): Promise<Map<number, number>>;
}

/**
 * A field of many parents resolved in one batch per input. `input` works out from the caller's
 * arguments and selection everything `load` reads (plain data), and `load` gets nothing else:
 * the batch key is that input, so parents whose fields read differently (two fragments putting
 * one path under different arguments or fields) never share a batch, where Pothos's `byPath`
 * would give them all the first caller's arguments.
 *
 * Within one operation, the input depends only on the field's nodes (their arguments, with the
 * operation's variables, and their selections): it is worked out once per field, not once per
 * parent, which a page of twenty articles with four nested lists would otherwise do eighty times.
 */
export function batchedPerParent<Args, Input, Value>(options: {
  name: string;
  input: (context: Context, args: Args, info: GraphQLResolveInfo) => Input;
  load: (context: Context, parentIds: readonly number[], input: Input) => Promise<Value[]>;
}) {
  // Contexts are made per operation, batched operations included (tests/nested-batches.test.ts);
  // the loader of a field is kept on its context (src/context.ts says why not in a WeakMap here).
  return (parent: { id: number }, args: Args, context: Context, info: GraphQLResolveInfo): Promise<Value> =>
    context
      .memo(info.fieldNodes, () => {
        const input = options.input(context, args, info);
        return context.loader(JSON.stringify([options.name, input]), (parentIds: readonly number[]) => options.load(context, parentIds, input));
      })
      .load(parent.id);
}

/** An edge of a nested list: the link's role, where links have one, sits on the edge. */
export class NestedEdge<Row extends { id: number; role?: string | null }> extends Edge<Row> {
  readonly role: string | null;

  constructor(row: Row, order: string) {
    super(row, order);
    this.role = row.role ?? null;
  }
}

/** The resolver of a nested connection field: this parent's page, loaded with the others'. */
export function resolveNestedConnection<Row extends { id: number; role?: string | null }, Joined = undefined>(
  relation: NestedConnection<Row, Joined>,
) {
  const resolveBatched = batchedPerParent({
    name: relation.name,
    input: (context, args: ConnectionArgs, info) => {
      const wanted = selectedColumns(context, info, relation.nodeType, EDGE_NODE);
      return { page: toKeysetPage(args, relation.order), wanted: wanted && [...wanted], joined: relation.joined?.(context, info) };
    },
    load: async (context, parentIds, { page, wanted, joined }) => {
      const pages = await relation.pages(context, parentIds, page, wanted && new Set(wanted), joined);
      const counter = context.loader(`count:${relation.name}`, async (keys) => {
        const counts = await relation.counts(context, keys);
        return keys.map((key) => counts.get(key) ?? 0);
      });
      return parentIds.map((parentId) => {
        const page = pages.get(parentId) ?? { rows: [], hasNextPage: false, hasPreviousPage: false };
        return page instanceof UnknownCursorError ? page : toConnection(page, relation.order, () => counter.load(parentId), (row, order) => new NestedEdge(row, order));
      });
    },
  });
  return async (parent: { id: number }, args: ConnectionArgs, context: Context, info: GraphQLResolveInfo) => {
    const connection = await resolveBatched(parent, args, context, info);
    // A refused cursor fails this parent's field alone, each field with an error of its own (two
    // aliases of one field share the batch's result; one error object would carry one path).
    if (connection instanceof UnknownCursorError) throw new UnknownCursorError(connection.argument);
    return connection;
  };
}
