import { randomUUID } from 'node:crypto';
import { PothosValidationError } from '@pothos/core';
import type { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { isReadTimeout } from './db/connect.js';
import { ErrorCode, UnknownCursorError, clientError, invalidCursorError, isDatabaseUnavailable } from './errors.js';
import { createGraphQLError } from 'graphql-yoga';

/**
 * What a client may see of an error: expected errors keep their message and code; anything
 * else becomes INTERNAL_SERVER_ERROR with an id that finds the full error in the log (the
 * request's own log line lists that id next to the request id).
 */
export function createErrorMasker(logger: Logger) {
  return (error: unknown): Error => {
    const original = isGraphQLError(error) ? (error.originalError ?? null) : error;
    if (isGraphQLError(error) && (original === null || isGraphQLError(original))) return withRequestErrorCode(error);
    // Pothos refuses ids of the wrong type for `node`-typed arguments.
    if (original instanceof PothosValidationError) return withPath(clientError(ErrorCode.invalidId, original.message), error);
    if (original instanceof UnknownCursorError) return withPath(invalidCursorError(original.argument), error);
    if (isDatabaseUnavailable(original)) {
      logger.warn({ err: original }, 'database unavailable');
      // 503 with Retry-After: load balancers, CDNs and clients know to come back.
      return withPath(
        clientError(ErrorCode.serviceUnavailable, 'The content database is unreachable; try again shortly.', {
          http: { status: 503, headers: { 'Retry-After': '5' } },
        }),
        error,
      );
    }
    if (isStatementTimeout(original)) {
      logger.warn({ err: original }, 'statement timeout');
      return withPath(
        clientError(ErrorCode.queryTimeout, 'The database took too long to answer and the query was cancelled; try again, or ask for less.', {
          http: { status: 503, headers: { 'Retry-After': '5' } },
        }),
        error,
      );
    }
    const errorId = randomUUID();
    logger.error({ err: original, errorId }, 'unexpected error');
    return withPath(
      createGraphQLError(`Unexpected error (id ${errorId}).`, {
        extensions: { code: ErrorCode.internal, errorId },
      }),
      error,
    );
  };
}

/**
 * PostgreSQL cancelled the statement (57014 is query_canceled), or, the server hanging, the
 * client stopped waiting: DB_STATEMENT_TIMEOUT_MS either way.
 */
function isStatementTimeout(error: unknown): boolean {
  if (isReadTimeout(error)) return true;
  return error instanceof Error && (error as { code?: unknown }).code === '57014' && /statement timeout/i.test(error.message);
}

/**
 * graphql-js refuses variable values it cannot coerce (missing, wrong type, unknown enum value)
 * without a code: the client's input, BAD_USER_INPUT like every other refused argument. Nothing
 * ran: a request error of GraphQL over HTTP, answered 400 to a client that accepts
 * application/graphql-response+json (`spec`: 200 to an application/json one, as Yoga answers
 * validation errors).
 */
function withRequestErrorCode(error: GraphQLError): GraphQLError {
  // graphql-jit's errors may have no `extensions` at all.
  if (error.extensions?.code !== undefined || !/^Variable "\$/.test(error.message)) return error;
  return withPath(clientError(ErrorCode.invalidArgument, error.message, { http: { spec: true, status: 400 } }), error);
}

/** Keeps the field path and locations of the error being replaced. */
function withPath(replacement: GraphQLError, replaced: unknown): GraphQLError {
  if (!isGraphQLError(replaced)) return replacement;
  return createGraphQLError(replacement.message, {
    nodes: replaced.nodes,
    source: replaced.source,
    positions: replaced.positions,
    path: replaced.path,
    extensions: replacement.extensions,
  });
}

// Not `instanceof`: graphql ships both CommonJS and ESM builds, and a GraphQLError from one
// is not an instance of the other's class. The tag is what graphql itself checks.
function isGraphQLError(value: unknown): value is GraphQLError {
  return Object.prototype.toString.call(value) === '[object GraphQLError]';
}
