import { createGraphQLError } from 'graphql-yoga';
import type { GraphQLError } from 'graphql';

// The catalogue of every code a client can meet, with what it means. Two kinds:
// - GraphQL errors, in `errors[].extensions.code` of the response: the request, or a field,
//   failed. Anything unexpected is masked as INTERNAL_SERVER_ERROR (mask-error.ts).
// - User errors, in the `errors` of a mutation's payload (the UserErrorCode enum of the schema):
//   the mutation refused its input and wrote nothing.
// Code elsewhere names a code through `ErrorCode` or `UserErrorCode`, never as a bare string.

interface CatalogueEntry {
  code: string;
  description: string;
}

const graphqlErrors = {
  invalidId: { code: 'INVALID_ID', description: 'An id argument is not a global id of this API, or names another type than expected.' },
  invalidCursor: { code: 'INVALID_CURSOR', description: '`after` or `before` is not a cursor this API returned for this list.' },
  invalidPageSize: { code: 'INVALID_PAGE_SIZE', description: '`first` or `last` is negative or above the largest page.' },
  invalidArgument: { code: 'BAD_USER_INPUT', description: 'An argument or variable is not acceptable (see the message).' },
  unauthenticated: {
    code: 'UNAUTHENTICATED',
    description: 'The Authorization header is malformed, or its API key is unknown or revoked (HTTP 401).',
  },
  forbidden: { code: 'FORBIDDEN', description: 'The field needs an API key with a scope this request does not have; `extensions.scope` names it.' },
  serviceUnavailable: { code: 'SERVICE_UNAVAILABLE', description: 'The content database is unreachable; retry after a moment (HTTP 503).' },
  // A statement ran past DB_STATEMENT_TIMEOUT_MS and the database cancelled it.
  queryTimeout: { code: 'QUERY_TIMEOUT', description: 'The database took too long and the query was cancelled (HTTP 503).' },
  // Limits on a request (src/plugins/limits.ts): each names the limit; `extensions.max` is its value.
  maxDepthExceeded: { code: 'MAX_DEPTH_EXCEEDED', description: 'The query nests deeper than MAX_DEPTH.' },
  maxCostExceeded: { code: 'MAX_COST_EXCEEDED', description: 'The query would cost more than MAX_COST.' },
  maxAliasesExceeded: { code: 'MAX_ALIASES_EXCEEDED', description: 'The query has more aliases than MAX_ALIASES.' },
  maxTokensExceeded: { code: 'MAX_TOKENS_EXCEEDED', description: 'The query text has more tokens than MAX_TOKENS.' },
  maxDirectivesExceeded: { code: 'MAX_DIRECTIVES_EXCEEDED', description: 'The query has more directives than MAX_DIRECTIVES.' },
  maxBodyBytesExceeded: { code: 'MAX_BODY_BYTES_EXCEEDED', description: 'The request body is larger than MAX_BODY_BYTES (HTTP 413).' },
  maxBatchExceeded: { code: 'MAX_BATCH_EXCEEDED', description: 'A batched request holds more operations than allowed.' },
  introspectionDisabled: { code: 'INTROSPECTION_DISABLED', description: 'Introspection is turned off on this gateway.' },
  // A subscription (or any operation type the schema has no root for): this API has none.
  operationNotSupported: { code: 'OPERATION_NOT_SUPPORTED', description: 'This API has queries and mutations only.' },
  csrfHeaderRequired: {
    code: 'CSRF_HEADER_REQUIRED',
    description: 'A request a browser could send cross-site needs a header proving it is not one.',
  },
  rateLimited: { code: 'RATE_LIMITED', description: 'Too many requests in this window; retry after Retry-After seconds (HTTP 429).' },
  // Persisted operations (src/plugins/persisted-operations.ts).
  persistedQueryNotFound: { code: 'PERSISTED_QUERY_NOT_FOUND', description: 'No persisted operation has this hash.' },
  persistedQueryMismatch: { code: 'PERSISTED_QUERY_MISMATCH', description: 'The query text sent does not match its hash.' },
  persistedQueryRequired: { code: 'PERSISTED_QUERY_REQUIRED', description: 'This gateway runs persisted operations only: send a hash.' },
  internal: {
    code: 'INTERNAL_SERVER_ERROR',
    description: 'Something unexpected failed; `extensions.errorId` finds it in the gateway log.',
  },
  // Raised by Yoga and graphql-js themselves, passed to the client as they are.
  badRequest: { code: 'BAD_REQUEST', description: 'The HTTP request is not a GraphQL request (method, content type, body).' },
  parseFailed: { code: 'GRAPHQL_PARSE_FAILED', description: 'The query text is not valid GraphQL syntax.' },
  validationFailed: { code: 'GRAPHQL_VALIDATION_FAILED', description: 'The query asks for fields, types or arguments the schema does not have.' },
  operationResolutionFailure: {
    code: 'OPERATION_RESOLUTION_FAILURE',
    description: 'The document holds several operations and `operationName` names none of them, or is missing (HTTP 400).',
  },
} as const satisfies Record<string, CatalogueEntry>;

type GraphqlErrors = typeof graphqlErrors;

/** The codes of GraphQL errors, by name: `ErrorCode.invalidId` is "INVALID_ID". */
export const ErrorCode = Object.fromEntries(Object.entries(graphqlErrors).map(([name, { code }]) => [name, code])) as {
  readonly [Name in keyof GraphqlErrors]: GraphqlErrors[Name]['code'];
};

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Each GraphQL error code with what it means, for documentation. */
export const errorCodeDescriptions: ReadonlyMap<ErrorCode, string> = new Map(
  Object.values(graphqlErrors).map(({ code, description }) => [code, description]),
);

/** The codes of a mutation payload's errors, with what each means: the schema's UserErrorCode enum. */
export const userErrorCodes = {
  INVALID: 'The value is not acceptable (see the message).',
  REQUIRED: 'A value is needed here.',
  TOO_LONG: 'The value is longer or larger than allowed.',
  TOO_SHORT: 'The value is shorter or smaller than allowed.',
  INVALID_FORMAT: 'The value does not have the expected shape (slug, URL, date, code...).',
  INVALID_ID: 'Not a global id of this API, or the id of another type than expected.',
  NOT_FOUND: 'Nothing has this id (or it is not visible to you).',
  SLUG_TAKEN: 'Another object of this type already has this slug.',
  ALREADY_EXISTS: 'The same object (or link) exists already.',
  VERSION_CONFLICT: 'Someone changed it since you read it: reload, reapply, resend with the new version.',
  IN_USE: 'Still linked to articles or projects: unlink it first.',
  ALT_TEXT_REQUIRED: 'A published article may only show images with alt text: give each image its altText first.',
} as const;

export type UserErrorCode = keyof typeof userErrorCodes;

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
