import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Viewer } from '../auth/viewer.js';
import type { RateLimitSettings } from '../config.js';
import { ErrorCode, clientError } from '../errors.js';
import type { RedisHandle } from './redis.js';
import { requestState, type RateDecision, type RequestState } from './request-state.js';

// Requests per window (a fixed window of RATE_LIMIT_WINDOW_SECONDS), counted per API key, or
// per client IP for anonymous requests. A key's budget is its own `rate_limit` when set, else
// the largest budget of its scopes. Over budget: 429 with Retry-After and RATE_LIMITED.
// Counters live in memory, or in Redis when REDIS_URL is set (shared by N gateways; while
// Redis is down each gateway counts in memory instead).

/** Counts one request against `key`, which may make `budget` requests per window. */
export interface RateLimiter {
  consume(key: string, budget: number): Promise<RateDecision>;
}

/** One rate-limiter-flexible instance per budget, from a factory of limiters of `points` requests. */
function perBudget(create: (points: number) => RateLimiterAbstract): RateLimiter {
  const limiters = new Map<number, RateLimiterAbstract>();
  return {
    async consume(key, budget) {
      let limiter = limiters.get(budget);
      if (!limiter) {
        limiter = create(budget);
        limiters.set(budget, limiter);
      }
      try {
        const result = await limiter.consume(key, 1);
        return { allowed: true, limit: budget, remaining: result.remainingPoints, resetMs: result.msBeforeNext };
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        return { allowed: false, limit: budget, remaining: 0, resetMs: rejection.msBeforeNext };
      }
    },
  };
}

export function createMemoryRateLimiter(windowSeconds: number): RateLimiter {
  return perBudget((points) => new RateLimiterMemory({ points, duration: windowSeconds }));
}

export function createRedisRateLimiter(redis: RedisHandle, windowSeconds: number, keyPrefix: string): RateLimiter {
  const limiter = perBudget(
    (points) =>
      new RateLimiterRedis({
        storeClient: redis.client,
        points,
        duration: windowSeconds,
        keyPrefix: `${keyPrefix}rate:${points}`,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ points, duration: windowSeconds }),
      }),
  );
  return {
    async consume(key, budget) {
      // Right after start, wait for the first connection rather than count in memory.
      await redis.whenUsable();
      return limiter.consume(key, budget);
    },
  };
}

function budgetOf(viewer: Viewer, budgets: RateLimitSettings['budgets']): number {
  if (viewer.kind === 'anonymous') return budgets.anonymous;
  if (viewer.rateLimit != null) return viewer.rateLimit;
  const byScope = viewer.scopes.map((scope) => budgets[scope]);
  return Math.max(budgets.read, ...byScope);
}

export interface RateGate {
  /** Counts the request; throws RATE_LIMITED (429) when over budget. */
  admit(state: RequestState, viewer: Viewer): Promise<void>;
}

export function createRateGate(limiter: RateLimiter, settings: RateLimitSettings, logger: Logger): RateGate {
  return {
    async admit(state, viewer) {
      const key = viewer.kind === 'key' ? `key:${viewer.keyId}` : `ip:${state.ip}`;
      const budget = budgetOf(viewer, settings.budgets);
      let decision: RateDecision;
      try {
        decision = await limiter.consume(key, budget);
      } catch (error) {
        // A limiter that cannot count lets the request through rather than fail it.
        logger.warn({ err: error instanceof Error ? error.message : error }, 'rate limit: could not count');
        return;
      }
      state.rateLimit = decision;
      if (decision.allowed) return;
      const retryAfter = Math.max(1, Math.ceil(decision.resetMs / 1000));
      throw clientError(
        ErrorCode.rateLimited,
        `Rate limit of ${budget} requests per ${settings.windowSeconds} s reached${viewer.kind === 'key' ? ` for API key ${viewer.prefix}` : ''}; retry in ${retryAfter} s.`,
        {
          limit: budget,
          windowSeconds: settings.windowSeconds,
          retryAfterSeconds: retryAfter,
          http: { status: 429, headers: { 'Retry-After': String(retryAfter) } },
        },
      );
    },
  };
}

/** RateLimit-* response headers (IETF draft) on the requests the gate counted. */
export function useRateLimitHeaders(): Plugin {
  return {
    onResponse({ request, response }) {
      const decision = requestState(request).rateLimit;
      if (!decision) return;
      response.headers.set('RateLimit-Limit', String(decision.limit));
      response.headers.set('RateLimit-Remaining', String(Math.max(0, decision.remaining)));
      response.headers.set('RateLimit-Reset', String(Math.max(0, Math.ceil(decision.resetMs / 1000))));
    },
  };
}
