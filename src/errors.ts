import { createGraphQLError } from 'graphql-yoga';
import type { GraphQLError } from 'graphql';

// Every expected error a client can meet, with the stable code it carries in `extensions.code`.
// Anything else is masked as INTERNAL_SERVER_ERROR (see yoga.ts).
export const ErrorCode = {
  invalidId: 'INVALID_ID',
  invalidCursor: 'INVALID_CURSOR',
  invalidPageSize: 'INVALID_PAGE_SIZE',
  invalidArgument: 'BAD_USER_INPUT',
  forbidden: 'FORBIDDEN',
  serviceUnavailable: 'SERVICE_UNAVAILABLE',
  // A statement ran past DB_STATEMENT_TIMEOUT_MS and the database cancelled it.
  queryTimeout: 'QUERY_TIMEOUT',
  // Limits on a request (src/plugins/limits.ts): each names the limit; `extensions.max` is its value.
  maxDepthExceeded: 'MAX_DEPTH_EXCEEDED',
  maxCostExceeded: 'MAX_COST_EXCEEDED',
  maxAliasesExceeded: 'MAX_ALIASES_EXCEEDED',
  maxTokensExceeded: 'MAX_TOKENS_EXCEEDED',
  maxDirectivesExceeded: 'MAX_DIRECTIVES_EXCEEDED',
  maxBodyBytesExceeded: 'MAX_BODY_BYTES_EXCEEDED',
  maxBatchExceeded: 'MAX_BATCH_EXCEEDED',
  introspectionDisabled: 'INTROSPECTION_DISABLED',
  // A subscription (or any operation type the schema has no root for): this API has none.
  operationNotSupported: 'OPERATION_NOT_SUPPORTED',
  csrfHeaderRequired: 'CSRF_HEADER_REQUIRED',
  rateLimited: 'RATE_LIMITED',
  // Persisted operations (src/plugins/persisted-operations.ts).
  persistedQueryNotFound: 'PERSISTED_QUERY_NOT_FOUND',
  persistedQueryMismatch: 'PERSISTED_QUERY_MISMATCH',
  persistedQueryRequired: 'PERSISTED_QUERY_REQUIRED',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An error the client caused and can fix: shown as is, never masked. */
export function clientError(code: ErrorCode, message: string, details: Record<string, unknown> = {}): GraphQLError {
  return createGraphQLError(message, { extensions: { code, ...details } });
}

/** The message of every cursor refused, malformed or naming nothing the viewer may see: the same for all. */
export function invalidCursorError(argument: 'after' | 'before'): GraphQLError {
  return clientError(ErrorCode.invalidCursor, `\`${argument}\` is not a cursor this API returned.`, { argument });
}

/**
 * A cursor that names no row the viewer may see (deleted, never there, or a draft for a reader).
 * Thrown by repositories, which know nothing of GraphQL; the client gets invalidCursorError.
 */
export class UnknownCursorError extends Error {
  constructor(readonly argument: 'after' | 'before') {
    super(`\`${argument}\` names no row this viewer may see.`);
  }
}

/** Marks an id a loader could not find (or may not show): lookups turn it into null. */
export class NotFoundError extends Error {
  constructor(typename: string, id: number) {
    super(`No ${typename} with id ${id}.`);
  }
}

/** Loader results in key order, with a NotFoundError where a row is missing. */
export function orNotFound<Row>(typename: string, ids: readonly number[], rows: ReadonlyArray<Row | null>): Array<Row | Error> {
  return rows.map((row, index) => row ?? new NotFoundError(typename, ids[index]!));
}

/** Null instead of a rejection (or, from batch loads, a returned error) when the object was not found. */
export async function nullIfNotFound<T>(value: T | Promise<T>): Promise<T | null> {
  try {
    const result = await value;
    return result instanceof NotFoundError ? null : result;
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

// Connection failures and server shutdowns (pg error codes, then Node socket errors).
const DATABASE_DOWN_CODES = new Set([
  '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006',
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND',
]);

/** True when an error says the database cannot be reached, rather than that a query is wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && DATABASE_DOWN_CODES.has(code)) return true;
  return /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(error.message);
}
