import { useResponseCache } from '@graphql-yoga/plugin-response-cache';
import { type ExecutionResult, type GraphQLSchema, Kind, getOperationAST, visit } from 'graphql';
import { processRegularResult, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Viewer } from '../auth/viewer.js';
import { currentInstant } from '../clock.js';
import type { Context } from '../context.js';
import { findNextScheduledPublication } from '../repositories/article.js';
import type { CacheSettings } from '../config.js';
import { decodeGlobalId } from '../schema/global-id.js';
import { useHttpCaching } from './http-caching.js';
import { sendsPreviewToken } from './preview.js';
import { createMemoryResponseStore } from './memory-response-cache.js';
import type { RedisHandle } from './redis.js';
import { createRedisResponseStore } from './redis-response-cache.js';
import { keyAtGeneration, resultKey } from './response-cache-key.js';
import { asYogaCache, cachedBodyOf, type CacheUsage, type ResponseStore } from './response-store.js';
import { READ_BEFORE_LATEST_WRITE } from './read-routing.js';
import { requestState } from './request-state.js';
import { viewerOf } from './viewer.js';

// Published content, as anonymous, `read` and `partner` viewers see it, is cached (Yoga's
// response cache): in memory within RESPONSE_CACHE_MAX_BYTES, or in Redis when REDIS_URL is set
// so that N gateways share it. Results over RESPONSE_CACHE_MAX_ENTRY_BYTES are not kept.
// - Who shares what: anonymous and `read` viewers see the same content and share one cache;
//   `partner` keys have their own (partner-only fields must never reach anonymous clients);
//   editors (drafts, audit log) are never cached and never served a cached result.
// - Keys ignore comments and insignificant whitespace (response-cache-key.ts).
// - Invalidation: a mutation drops the cached results that contain an entity it returns (the
//   plugin reads their `id`, our global ids) or names in its input (the article a person was
//   unlinked from, the person), and moves the store's generation on: a result whose request
//   started before is not stored (response-store.ts). Lists that gain a new member (a new
//   article published) are not invalidated: they refresh when their entry expires
//   (RESPONSE_CACHE_TTL_SECONDS), and never later than the next scheduled publication: an
//   entry's TTL is cut to the time until then (read with one statement after each miss runs),
//   so a scheduled article appears on time.
// - Previews: a request with a preview token (header or `article(previewToken:)`) is neither
//   served from the cache nor stored.
// - HTTP: Cache-Control, ETag and 304s are http-caching.ts's.

const isEditor = (viewer: Viewer) => viewer.scopes.includes('editor');
const servedFromCache = Symbol.for('servedFromResponseCache');
// The generation of requests that skip the cache, or that Redis could not tell: no store matches it.
const NO_GENERATION = 'none';

/** The cache partition of a viewer: null is the shared public one. */
function sessionOf(viewer: Viewer): string | null {
  return viewer.scopes.includes('partner') ? 'partner' : null;
}

/** Redis trouble never fails a request: reads miss, writes are skipped, and it is logged. */
function resilient(store: ResponseStore, redis: RedisHandle, logger: Logger): ResponseStore {
  const report = (what: string) => (error: unknown) => {
    logger.warn({ err: error instanceof Error ? error.message : error }, `response cache: ${what} failed`);
  };
  return {
    async generation() {
      if (!(await redis.whenUsable())) return NO_GENERATION;
      try {
        return await store.generation();
      } catch (error) {
        report('generation read')(error);
        return NO_GENERATION;
      }
    },
    async get(key) {
      if (!(await redis.whenUsable())) return null;
      try {
        return await store.get(key);
      } catch (error) {
        report('read')(error);
        return null;
      }
    },
    set(result) {
      if (!redis.isReady() || result.generation === NO_GENERATION) return;
      return Promise.resolve(store.set(result)).catch(report('write'));
    },
    invalidate(entities) {
      if (!redis.isReady()) {
        logger.warn('response cache: invalidation lost while Redis is down; the results expire with their TTL');
        return;
      }
      return Promise.resolve(store.invalidate(entities)).catch(report('invalidation'));
    },
  };
}

/** Entities a mutation names in its input: every string that is one of our global ids. */
function entitiesInInput(schema: GraphQLSchema, document: Parameters<typeof visit>[0], variables: unknown) {
  const strings: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') strings.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(variables);
  visit(document, { [Kind.STRING]: (node: { value: string }) => void strings.push(node.value) });
  const entities = new Map<string, { typename: string; id: string }>();
  for (const value of strings) {
    if (value.length > 40) continue;
    try {
      const { typename } = decodeGlobalId(value);
      // Duck-typed, not isObjectType: see isList in src/schema/complexity.ts.
      const type = schema.getType(typename);
      if (type && 'getInterfaces' in type && type.getInterfaces().some((face) => face.name === 'Node')) entities.set(value, { typename, id: value });
    } catch {
      // Not an id.
    }
  }
  return [...entities.values()];
}

/** False when every mutation of the result was refused: payloads with user errors, or GraphQL errors only. */
function wroteSomething(result: unknown): boolean {
  if (!result || typeof result !== 'object' || Symbol.asyncIterator in result) return true;
  const data = (result as { data?: Record<string, unknown> | null }).data;
  if (!data) return false;
  return Object.values(data).some((payload) => {
    if (!payload || typeof payload !== 'object') return false;
    const errors = (payload as { errors?: unknown }).errors;
    return !Array.isArray(errors) || errors.length === 0;
  });
}

export interface ResponseCacheOptions {
  settings: CacheSettings;
  redis: RedisHandle | null;
  redisKeyPrefix: string;
  logger: Logger;
}

export interface GatewayResponseCache {
  plugins: Plugin[];
  /** The in-memory store's weight (none with Redis). */
  usage?: () => CacheUsage;
}

/** A single result without errors (streamed ones, with @defer, are not kept either). */
const isWhole = (result: unknown) =>
  Boolean(result) && typeof result === 'object' && !(Symbol.asyncIterator in (result as object)) && !(result as ExecutionResult).errors?.length;

/** A TTL cut to end at the next scheduled publication (0: not kept at all). */
function untilPublication(ttl: number, next: Date | null | undefined): number {
  if (!next) return ttl;
  return Math.max(0, Math.min(ttl, next.getTime() - currentInstant().getTime()));
}

export function createGatewayResponseCache({ settings, redis, redisKeyPrefix, logger }: ResponseCacheOptions): GatewayResponseCache {
  const store: ResponseStore = redis
    ? resilient(createRedisResponseStore(redis.client, redisKeyPrefix), redis, logger)
    : createMemoryResponseStore({ maxBytes: settings.maxBytes });
  const cache = asYogaCache(store, settings.maxEntryBytes);
  // The next scheduled publication, read after each query the cache may keep (a miss) has run;
  // the latest one read also bounds what clients and CDNs keep (a mutation scheduling an earlier
  // one invalidates the cache, so the next read is a miss that reads it).
  const nextPublication = new WeakMap<object, Date | null>();
  let latestNextPublication: Date | null = null;

  const responseCache = useResponseCache({
    cache,
    ttl: settings.ttlSeconds * 1000,
    includeExtensionMetadata: false,
    session: (request) => sessionOf(viewerOf(request)),
    // The generation is read before execution starts: see response-store.ts.
    async buildResponseCacheKey({ request, ...input }) {
      const generation = isEditor(viewerOf(request)) ? NO_GENERATION : await store.generation();
      return keyAtGeneration(resultKey(input), generation);
    },
    // Read on a replica that had not replayed the latest write (read-routing.ts): served, not kept.
    shouldCacheResult: ({ result }) => !result.errors?.length && !(READ_BEFORE_LATEST_WRITE in result),
    // Editors: mutations only, to invalidate. Previews: never.
    enabled: (request) =>
      !sendsPreviewToken(request) && (!isEditor(viewerOf(request)) || requestState(request).operationType === 'mutation'),
    // An answer that read a preview token (the `previewToken` argument) is the token holder's only.
    onTtl: ({ ttl, context }) => ((context as Partial<Context>).preview?.used ? 0 : untilPublication(ttl, nextPublication.get(context))),
  });
  // Its onRequest answers If-None-Match with a 304 before authentication and rate limiting,
  // taking the tag for a cache key: http-caching.ts answers once the response exists.
  delete responseCache.onRequest;

  // Whether every operation of the request gave a result clients may keep.
  const reusable = new WeakMap<Request, boolean>();
  // The body of a request answered by one cache hit sent as plain JSON (none for anything else:
  // a miss, a batch, an event stream): http-caching.ts tags it without reading the response back.
  const hitBodies = new WeakMap<Request, Uint8Array>();
  const alongside: Plugin = {
    onExecute({ args }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'mutation') return;
      const named = entitiesInInput(args.schema, args.document, args.variableValues);
      if (!named.length) return;
      return {
        onExecuteDone({ result }) {
          if (!wroteSomething(result)) return;
          void cache.invalidate(named);
        },
      };
    },
    onExecutionResult({ request, result }) {
      const state = requestState(request);
      const hit = result !== undefined && result !== null && servedFromCache in result;
      if (hit) state.cache = 'hit';
      else state.cache = state.operationType === 'query' && state.viewer && !isEditor(state.viewer) ? 'miss' : 'bypass';
      reusable.set(request, (reusable.get(request) ?? true) && state.cache !== 'bypass' && isWhole(result));
    },
    // A single hit sent as plain JSON goes out as the bytes it was stored as, neither decoded nor
    // encoded again: Yoga's regular result processor (chosen by then from the Accept header)
    // hands what `stringify` returns to the Response, which sends bytes as they are. Event
    // streams, multipart and batches put the JSON inside text of their own: there it decodes.
    onResultProcess({ request, result, setResult, resultProcessor }) {
      if (resultProcessor !== processRegularResult || Array.isArray(result)) return;
      const body = cachedBodyOf(result);
      if (!body) return;
      hitBodies.set(request, body);
      setResult({ ...result, stringify: () => body } as unknown as typeof result);
    },
  };
  const http = useHttpCaching({
    maxAgeSeconds: () => Math.floor(untilPublication(settings.httpMaxAgeSeconds * 1000, latestNextPublication) / 1000),
    isReusable: (request) => reusable.get(request) === true,
    knownBody: (request) => hitBodies.get(request),
  });
  // Before the response cache, whose executor wraps this one: on a miss, once the operation has
  // run and before its TTL is chosen (onTtl), the next scheduled publication is read.
  const publicationLookup: Plugin = {
    onExecute({ args, executeFn, setExecuteFn }) {
      const context = args.contextValue as unknown as Context & { request: Request };
      if (getOperationAST(args.document, args.operationName)?.operation !== 'query') return;
      if (isEditor(viewerOf(context.request)) || sendsPreviewToken(context.request)) return;
      setExecuteFn(async (executeArgs) => {
        const result = await executeFn(executeArgs);
        latestNextPublication = await findNextScheduledPublication(context.db);
        nextPublication.set(context, latestNextPublication);
        return result;
      });
    },
  };
  return { plugins: [publicationLookup, responseCache, alongside, http], usage: store.usage };
}
