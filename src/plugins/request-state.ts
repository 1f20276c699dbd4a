import { randomUUID } from 'node:crypto';
import type { Viewer } from '../auth/viewer.js';

/**
 * What the gateway learns about one HTTP request as it goes through the plugins, for the log
 * line, the metrics and the plugins that depend on each other (who the viewer is, whether the
 * response cache answered). Keyed by the Request object, so nothing leaks between requests.
 */
export interface RequestState {
  id: string;
  startedAt: number;
  /** The client address: the socket's, or from X-Forwarded-For behind TRUST_PROXY_HOPS proxies. */
  ip: string;
  viewer?: Viewer;
  operationName?: string;
  operationType?: 'query' | 'mutation' | 'subscription';
  /** hit: answered from the response cache; miss: executed, cacheable; bypass: not cacheable. */
  cache?: 'hit' | 'miss' | 'bypass';
  /** The rate limiter's count for this request, when it counted it. */
  rateLimit?: RateDecision;
  /** SQL statements sent while serving this request (auth lookup included). */
  statements: number;
  errorCodes: Set<string>;
  errorIds: Set<string>;
}

/** The rate limiter's count of one request (rate-limit.ts), kept here for the response headers and the log. */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

const states = new WeakMap<Request, RequestState>();

/** The request's state, created on first use. */
export function requestState(request: Request): RequestState {
  let state = states.get(request);
  if (!state) {
    state = {
      id: randomUUID(),
      startedAt: performance.now(),
      ip: 'unknown',
      statements: 0,
      errorCodes: new Set(),
      errorIds: new Set(),
    };
    states.set(request, state);
  }
  return state;
}
