import { useGraphQlJit } from '@envelop/graphql-jit';
import { createYoga, useReadinessCheck, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { ephemeralPreviewSecret } from './auth/preview-token.js';
import { createAuthenticator } from './auth/viewer.js';
import type { GatewaySettings } from './config.js';
import { createContext, type Context } from './context.js';
import type { DatabaseHandle } from './db/connect.js';
import type { Database } from './db/types.js';
import { createErrorMasker } from './mask-error.js';
import { corsOptions, useHttpHygiene } from './plugins/http-hygiene.js';
import { useInputValueChecks } from './plugins/input-values.js';
import { useLimits, yogaLimitOptions } from './plugins/limits.js';
import { boundedDocumentCaches } from './plugins/document-cache.js';
import { createMetrics } from './plugins/metrics.js';
import { useKnownOperationTypes } from './plugins/operation-types.js';
import { usePersistedOperationPolicy } from './plugins/persisted-operations.js';
import { createMemoryRateLimiter, createRateGate, createRedisRateLimiter, useRateLimitHeaders } from './plugins/rate-limit.js';
import { connectRedis } from './plugins/redis.js';
import { countingStatements, useRequestLog } from './plugins/request-log.js';
import { createGatewayResponseCache } from './plugins/response-cache.js';
import { requestState } from './plugins/request-state.js';
import { previewOf } from './plugins/preview.js';
import { useViewer, viewerOf } from './plugins/viewer.js';
import { schema } from './schema/index.js';

/** The query GraphiQL opens with: the seed story with everything around it. */
export const exampleQuery = /* GraphQL */ `# The seed story, its source, people, organisations and projects.
# Press the run button (or Ctrl+Enter); the Docs panel describes every type and field.
{
  article(slug: "ia-mega-data-center-valence-sesterce") {
    title
    publishedAt
    source { name }
    people {
      edges {
        role
        node { fullName affiliations { title organisation { name } } }
      }
    }
    organisations { edges { role node { name kind } } }
    projects {
      edges {
        node {
          name
          budget { amount currency }
          organisations { edges { role node { name } } }
        }
      }
    }
    topics { edges { node { slug name } } }
  }
}
`;

export interface GatewayOptions {
  database: DatabaseHandle;
  logger: Logger;
  /** Limits, cache, rate limits...: `loadConfig()` (src/config.ts) reads them from the environment. */
  settings: GatewaySettings;
}

export type Gateway = YogaServerInstance<Record<string, unknown>, Context>;

/**
 * Builds the HTTP app: GraphQL at /graphql (GraphiQL in a browser), /healthz, /readyz and
 * /metrics. `dispose()` closes what it opened (the Redis connection); the database is the
 * caller's. The plugins run in this order, each in its own module under src/plugins/:
 * request log and metrics, CSRF and introspection, limits, viewer and rate limit, persisted
 * operations, response cache.
 */
export function createGateway({ database, logger, settings }: GatewayOptions): Gateway {
  // Every statement of a request, the API key lookup included, is counted for its log line.
  // One handle per HTTP request, shared by its authentication and its operations.
  const handles = new WeakMap<Request, Kysely<Database>>();
  const dbFor = (request: Request) => {
    let db = handles.get(request);
    if (!db) handles.set(request, (db = countingStatements(database.db, requestState(request))));
    return db;
  };
  const authenticate = createAuthenticator();
  const previewSecret = settings.preview.secret ?? ephemeralPreviewSecret();
  if (!settings.preview.secret) logger.warn('PREVIEW_SECRET is unset: preview tokens are signed with a secret of this process only');
  const redis = settings.redis.url ? connectRedis(settings.redis.url, logger) : null;
  const { windowSeconds } = settings.rateLimit;
  const limiter = !settings.rateLimit.enabled
    ? null
    : redis
      ? createRedisRateLimiter(redis, windowSeconds, settings.redis.keyPrefix)
      : createMemoryRateLimiter(windowSeconds);
  const responseCache = settings.cache.enabled
    ? createGatewayResponseCache({ settings: settings.cache, redis, redisKeyPrefix: settings.redis.keyPrefix, logger })
    : null;
  const metrics = settings.metrics.enabled ? createMetrics(settings.metrics, { responseCacheUsage: responseCache?.usage }) : null;
  const plugins: Array<Plugin | null> = [
    useRequestLog({ logger, trustProxyHops: settings.http.trustProxyHops, onFinished: metrics?.observe }),
    metrics?.plugin ?? null,
    ...useHttpHygiene(settings.http),
    ...useLimits(settings.limits, { blockFieldSuggestions: !settings.http.introspection }),
    useInputValueChecks(settings.limits),
    useKnownOperationTypes(),
    useViewer({
      authenticate: (request) => authenticate(dbFor(request), request.headers.get('authorization')),
      gate: limiter && createRateGate(limiter, settings.rateLimit, logger),
    }),
    useRateLimitHeaders(),
    ...usePersistedOperationPolicy(settings.persisted, logger),
    // Each operation compiled once to JavaScript: about a quarter less CPU per request (npm run bench).
    useGraphQlJit() as Plugin,
    ...(responseCache?.plugins ?? []),
    useReadinessCheck({ endpoint: '/readyz', check: () => database.isReachable() }),
    redis && { onDispose: () => redis.close() },
  ];
  return createYoga<Record<string, unknown>, Context>({
    schema,
    context: ({ request }) =>
      createContext(dbFor(request), viewerOf(request), settings.site, database.optimisations, previewOf(request, previewSecret)),
    graphiql: { title: 'Content gateway', defaultQuery: exampleQuery },
    healthCheckEndpoint: '/healthz',
    maskedErrors: { maskError: createErrorMasker(logger) },
    logging: logger,
    cors: corsOptions(settings.http),
    ...yogaLimitOptions(settings.limits),
    parserAndValidationCache: boundedDocumentCaches(settings.limits.documentCacheEntries),
    plugins: plugins.filter((plugin) => plugin !== null),
  });
}
