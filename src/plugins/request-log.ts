import { getOperationAST } from 'graphql';
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { requestState, type RequestState } from './request-state.js';

// One JSON log line per request: request id, operation, who asked (the key's prefix, never the
// key), duration, SQL statements, response cache outcome, error codes. The request id is the
// caller's X-Request-Id when it looks like one (a load balancer's), else a new UUID; it goes
// back in the response's X-Request-Id, and the line lists the ids of the masked errors.

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * A handle on `db` that counts the statements it sends into the request's state. Per request
 * rather than one handle reading an AsyncLocalStorage: the promise hooks that storage needs
 * cost about a tenth of the gateway's CPU (npm run bench). Counted on results, not queries:
 * Kysely also transforms the subqueries a statement embeds. (A statement that fails is not counted.)
 */
export function countingStatements<DB>(db: Kysely<DB>, state: RequestState): Kysely<DB> {
  return db.withPlugin({
    transformQuery: (args) => args.node,
    async transformResult(args) {
      state.statements += 1;
      return args.result;
    },
  });
}

/** The client address: the socket's, or the one the nearest trusted proxy saw. */
export function clientAddress(request: Request, serverContext: unknown, trustProxyHops: number): string {
  const socketAddress = (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req?.socket?.remoteAddress;
  if (trustProxyHops > 0) {
    // Each proxy appends the address it received from; the client's is `trustProxyHops` from the end.
    const forwarded = (request.headers.get('x-forwarded-for') ?? '').split(',').map((part) => part.trim()).filter(Boolean);
    const address = forwarded[forwarded.length - trustProxyHops];
    if (address) return address;
  }
  return socketAddress ?? 'unknown';
}

function collectErrors(state: RequestState, result: unknown) {
  const results = (Array.isArray(result) ? result : [result]) as ExecutionResult[];
  for (const one of results) {
    for (const error of one?.errors ?? []) {
      const code = error.extensions?.['code'];
      state.errorCodes.add(typeof code === 'string' ? code : 'UNCODED');
      const errorId = error.extensions?.['errorId'];
      if (typeof errorId === 'string') state.errorIds.add(errorId);
    }
  }
}

export interface RequestLogOptions {
  logger: Logger;
  trustProxyHops: number;
  /** Called once the response is ready (the metrics plugin counts from it). */
  onFinished?: (state: RequestState, status: number) => void;
}

export function useRequestLog({ logger, trustProxyHops, onFinished }: RequestLogOptions): Plugin {
  return {
    onRequest({ request, serverContext }) {
      const state = requestState(request);
      const given = request.headers.get('x-request-id');
      if (given && REQUEST_ID.test(given)) state.id = given;
      state.ip = clientAddress(request, serverContext, trustProxyHops);
    },
    onParams({ request, params }) {
      const state = requestState(request);
      if (params.operationName) state.operationName ??= params.operationName;
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      if (!request) return;
      const state = requestState(request);
      const operation = getOperationAST(args.document, args.operationName);
      state.operationType = operation?.operation as RequestState['operationType'];
      if (operation?.name) state.operationName = operation.name.value;
    },
    onResultProcess({ request, result }) {
      collectErrors(requestState(request), result);
    },
    onResponse({ request, response }) {
      const state = requestState(request);
      const path = new URL(request.url, 'http://gateway').pathname;
      const durationMs = Math.round((performance.now() - state.startedAt) * 10) / 10;
      response.headers.set('X-Request-Id', state.id);
      if (response.status === 304) state.cache = 'hit';
      const viewer = state.viewer;
      const line = {
        reqId: state.id,
        method: request.method,
        path,
        status: response.status,
        operation: state.operationName ?? null,
        operationType: state.operationType ?? null,
        viewer: viewer ? (viewer.kind === 'key' ? viewer.prefix : 'anonymous') : null,
        durationMs,
        sql: state.statements,
        cache: state.cache ?? null,
        errors: [...state.errorCodes],
        ...(state.errorIds.size ? { errorIds: [...state.errorIds] } : {}),
      };
      if (QUIET_PATHS.has(path)) logger.debug(line, 'request');
      else logger.info(line, 'request');
      onFinished?.(state, response.status);
    },
  };
}
