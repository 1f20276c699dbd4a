import { useGraphQlJit } from '@envelop/graphql-jit';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { ephemeralPreviewSecret } from './auth/preview-token.js';
import { createAuthenticator } from './auth/viewer.js';
import type { GatewaySettings } from './config.js';
import { createContext, type Context } from './context.js';
import type { DatabaseHandle } from './db/connect.js';
import type { ReadReplicas } from './db/read-replicas.js';
import type { Database } from './db/types.js';
import { defaultFeedOptions, type FeedOptions } from './feeds/documents.js';
import { useFeeds } from './feeds/plugin.js';
import { useGraphiQLAssets } from './graphiql/assets.js';
import { renderGraphiQLPage } from './graphiql/page.js';
import { exampleQuery, graphiqlTabs } from './graphiql/tabs.js';
import { createErrorMasker } from './mask-error.js';
import { corsOptions, useHttpHygiene } from './plugins/http-hygiene.js';
import { useInputValueChecks } from './plugins/input-values.js';
import { useLimits, yogaLimitOptions } from './plugins/limits.js';
import { boundedDocumentCaches } from './plugins/document-cache.js';
import { createMemoryWritePositions, createRedisWritePositions } from './plugins/client-write-positions.js';
import { createMetrics } from './plugins/metrics.js';
import { useKnownOperationTypes } from './plugins/operation-types.js';
import { usePersistedOperationPolicy } from './plugins/persisted-operations.js';
import { createMemoryRateLimiter, createRateGate, createRedisRateLimiter, useRateLimitHeaders } from './plugins/rate-limit.js';
import { useReadRouting } from './plugins/read-routing.js';
import { useReadiness } from './plugins/readiness.js';
import { connectRedis } from './plugins/redis.js';
import { countingStatements, useRequestLog } from './plugins/request-log.js';
import { createGatewayResponseCache } from './plugins/response-cache.js';
import { requestState } from './plugins/request-state.js';
import { previewOf } from './plugins/preview.js';
import { useViewer, viewerOf } from './plugins/viewer.js';
import { schema } from './schema/index.js';

export { exampleQuery } from './graphiql/tabs.js';

// Feeds and sitemaps kept generated: the site-wide ones and the busiest entities'.
const FEED_CACHE_ENTRIES = 500;

export interface GatewayOptions {
  /** The primary: mutations, and everything when there are no replicas. */
  database: DatabaseHandle;
  /** Read replicas (DATABASE_READ_URLS): queries go to them when they are fit (src/plugins/read-routing.ts). */
  replicas?: ReadReplicas | null;
  logger: Logger;
  /** Limits, cache, rate limits...: `loadConfig()` (src/config.ts) reads them from the environment. */
  settings: GatewaySettings;
  /** Feed and sitemap sizes; tests make them small. */
  feeds?: FeedOptions;
}

export type Gateway = YogaServerInstance<Record<string, unknown>, Context>;

/**
 * Builds the HTTP app: GraphQL at /graphql (GraphiQL in a browser), feeds and sitemaps
 * (src/feeds/documents.ts lists their paths), /healthz, /readyz and /metrics. `dispose()`
 * closes what it opened (the Redis connection); the database is the caller's. The plugins run
 * in this order, each in its own module under src/plugins/: request log and metrics, feeds
 * (src/feeds/plugin.ts), CSRF and introspection, limits, viewer and rate limit, persisted
 * operations, response cache.
 */
export function createGateway({ database, replicas = null, logger, settings, feeds = defaultFeedOptions }: GatewayOptions): Gateway {
  // Every statement of a request, the API key lookup included, is counted for its log line.
  // One handle per HTTP request and database, shared by its authentication and its operations.
  const handles = new WeakMap<Request, Map<DatabaseHandle, Kysely<Database>>>();
  const dbFor = (request: Request, on: DatabaseHandle = database) => {
    let mine = handles.get(request);
    if (!mine) handles.set(request, (mine = new Map()));
    let db = mine.get(on);
    if (!db) mine.set(on, (db = countingStatements(on.db, requestState(request))));
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
    useGraphiQLAssets(),
    useFeeds({
      db: dbFor,
      site: settings.site,
      logger,
      documents: feeds,
      cacheEntries: settings.cache.enabled ? FEED_CACHE_ENTRIES : 0,
      ttlSeconds: settings.cache.ttlSeconds,
      maxAgeSeconds: settings.cache.httpMaxAgeSeconds,
    }),
    ...useHttpHygiene(settings.http),
    ...useLimits(settings.limits, { blockFieldSuggestions: !settings.http.introspection }),
    useInputValueChecks(settings.limits),
    useKnownOperationTypes(),
    useViewer({
      authenticate: (request) =>
        authenticate(
          { reads: dbFor(request, replicas?.pick(null)?.handle ?? database), writes: dbFor(request) },
          request.headers.get('authorization'),
        ),
      gate: limiter && createRateGate(limiter, settings.rateLimit, logger),
    }),
    useRateLimitHeaders(),
    ...usePersistedOperationPolicy(settings.persisted, logger),
    // Each operation compiled once to JavaScript: about a quarter less CPU per request (npm run bench).
    useGraphQlJit() as Plugin,
    // Before the response cache: a result it marks as read before the latest write is not stored.
    replicas &&
      useReadRouting({
        primary: database,
        replicas,
        positions: redis ? createRedisWritePositions(redis, settings.redis.keyPrefix, logger) : createMemoryWritePositions(),
        dbFor,
        logger,
      }),
    ...(responseCache?.plugins ?? []),
    useReadiness(database, replicas),
    redis && { onDispose: () => redis.close() },
  ];
  return createYoga<Record<string, unknown>, Context>({
    schema,
    context: ({ request }) =>
      createContext(dbFor(request), viewerOf(request), settings.site, database.optimisations, previewOf(request, previewSecret)),
    graphiql: { title: 'GraphiQL · Content gateway', defaultQuery: exampleQuery, defaultTabs: [...graphiqlTabs], endpoint: '/graphql' },
    renderGraphiQL: renderGraphiQLPage,
    healthCheckEndpoint: '/healthz',
    maskedErrors: { maskError: createErrorMasker(logger) },
    logging: logger,
    cors: corsOptions(settings.http),
    ...yogaLimitOptions(settings.limits),
    parserAndValidationCache: boundedDocumentCaches(settings.limits.documentCacheEntries),
    plugins: plugins.filter((plugin) => plugin !== null),
  });
}
