import { ErrorCode, clientError, invalidCursorError } from '../errors.js';
import type { KeysetPage, PageOf } from '../repositories/keyset.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

// A cursor names a row (by id) in one order: base64url("ORDER:id"). A cursor from another
// order would silently skip rows, so it is refused.

export function encodeCursor(order: string, id: number): string {
  return Buffer.from(`${order}:${id}`).toString('base64url');
}

function decodeCursor(cursor: string, order: string, argument: 'after' | 'before'): number {
  const match = /^([A-Z_]+):([1-9][0-9]{0,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || Number(match[2]) > 2_147_483_647) throw invalidCursorError(argument);
  if (match[1] !== order) {
    throw clientError(
      ErrorCode.invalidCursor,
      `\`${argument}\` is a cursor of another ordering (${match[1]}); this list is ordered by ${order}.`,
      { argument },
    );
  }
  return Number(match[2]);
}

/** A page size within 0..MAX_PAGE_SIZE, or an INVALID_PAGE_SIZE error. */
export function checkSize(size: number, argument: 'first' | 'last'): number {
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw clientError(
      ErrorCode.invalidPageSize,
      `\`${argument}\` must be between 0 and ${MAX_PAGE_SIZE}, got ${size}.`,
      { argument, max: MAX_PAGE_SIZE },
    );
  }
  return size;
}

/** Validates Relay connection arguments into a keyset page of the given order. */
export function toKeysetPage(args: ConnectionArgs, order: string): KeysetPage {
  if (args.first != null && args.last != null) {
    throw clientError(ErrorCode.invalidArgument, 'Pass `first` or `last`, not both.');
  }
  const backward = args.last != null;
  const size = backward ? checkSize(args.last!, 'last') : checkSize(args.first ?? DEFAULT_PAGE_SIZE, 'first');
  return {
    size,
    backward,
    after: args.after != null ? decodeCursor(args.after, order, 'after') : null,
    before: args.before != null ? decodeCursor(args.before, order, 'before') : null,
  };
}

/** An edge of a page. Its cursor is encoded when it is read: most queries never ask for it. */
export class Edge<Node extends { id: number }> {
  constructor(
    readonly node: Node,
    private readonly order: string,
  ) {}

  get cursor(): string {
    return encodeCursor(this.order, this.node.id);
  }
}

/**
 * A connection's page info. A class, not an object literal with getters: V8 makes such a literal
 * a dictionary with accessors of its own, and what they capture (the edges, their rows) then
 * outlives the request until the next full collection.
 */
export class PageInfo {
  constructor(
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
    private readonly edges: ReadonlyArray<Edge<{ id: number }>>,
  ) {}

  get startCursor(): string | null {
    return this.edges[0]?.cursor ?? null;
  }

  get endCursor(): string | null {
    return this.edges.at(-1)?.cursor ?? null;
  }
}

/** A Relay connection of a page: each row becomes an edge (with whatever the link adds). */
export function toConnection<Row extends { id: number }, E extends Edge<Row> = Edge<Row>>(
  page: PageOf<Row>,
  order: string,
  totalCount: () => Promise<number>,
  toEdge: (row: Row, order: string) => E = (row) => new Edge(row, order) as E,
) {
  const edges = page.rows.map((row) => toEdge(row, order));
  return { edges, pageInfo: new PageInfo(page.hasNextPage, page.hasPreviousPage, edges), totalCount };
}
