import { createInMemoryCache, useResponseCache, type Cache } from '@graphql-yoga/plugin-response-cache';
import { type GraphQLSchema, Kind, getOperationAST, visit } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Viewer } from '../auth/viewer.js';
import type { CacheSettings } from '../config.js';
import { decodeGlobalId } from '../schema/global-id.js';
import type { RedisHandle } from './redis.js';
import { createRedisResponseCache } from './redis-response-cache.js';
import { requestState } from './request-state.js';

// Published content, as anonymous, `read` and `partner` viewers see it, is cached (Yoga's
// response cache): in memory, or in Redis when REDIS_URL is set so that N gateways share it.
// - Who shares what: anonymous and `read` viewers see the same content and share one cache;
//   `partner` keys have their own (partner-only fields must never reach anonymous clients);
//   editors (drafts, audit log) are never cached and never served a cached result.
// - Invalidation: a mutation drops the cached results that contain an entity it returns (the
//   plugin reads their `id`, our global ids) or names in its input (the article a person was
//   unlinked from, the person). Lists that gain a new member (a new article published) are
//   not invalidated: they refresh when their entry expires (RESPONSE_CACHE_TTL_SECONDS).
// - HTTP: a cacheable result carries an ETag (`If-None-Match` gets a 304) and
//   `Cache-Control: public` for anonymous requests (CDNs may keep it HTTP_MAX_AGE_SECONDS),
//   `private` with an API key; everything else is `no-store`.

const isEditor = (viewer: Viewer) => viewer.scopes.includes('editor');
const servedFromCache = Symbol.for('servedFromResponseCache');

/** The cache partition of a viewer: null is the shared public one. */
function sessionOf(viewer: Viewer | undefined): string | null {
  return viewer?.scopes.includes('partner') ? 'partner' : null;
}

/** Typename-only invalidation would drop every result of a type (e.g. after a refused mutation): by id only. */
function byEntityOnly(cache: Cache): Cache {
  return {
    get: (key) => cache.get(key),
    set: (key, result, entities, ttl) => cache.set(key, result, entities, ttl),
    invalidate: (entities) => cache.invalidate([...entities].filter((entity) => entity.id != null)),
  };
}

/** Redis trouble never fails a request: reads miss, writes are skipped, and it is logged. */
function resilient(cache: Cache, redis: RedisHandle, logger: Logger): Cache {
  const report = (what: string) => (error: unknown) => {
    logger.warn({ err: error instanceof Error ? error.message : error }, `response cache: ${what} failed`);
  };
  return {
    async get(key) {
      if (!(await redis.whenUsable())) return null;
      try {
        return await cache.get(key);
      } catch (error) {
        report('read')(error);
        return null;
      }
    },
    set(key, result, entities, ttl) {
      if (!redis.isReady()) return;
      return Promise.resolve(cache.set(key, result, entities, ttl)).catch(report('write'));
    },
    invalidate(entities) {
      if (!redis.isReady()) {
        logger.warn('response cache: invalidation lost while Redis is down; the results expire with their TTL');
        return;
      }
      return Promise.resolve(cache.invalidate(entities)).catch(report('invalidation'));
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

export function useGatewayResponseCache({ settings, redis, redisKeyPrefix, logger }: ResponseCacheOptions): Plugin[] {
  const store = redis
    ? resilient(byEntityOnly(createRedisResponseCache(redis.client, redisKeyPrefix)), redis, logger)
    : byEntityOnly(createInMemoryCache({ max: settings.maxEntries }));

  const responseCache = useResponseCache({
    cache: store,
    ttl: settings.ttlSeconds * 1000,
    includeExtensionMetadata: false,
    session: (request) => sessionOf(requestState(request).viewer),
    // Before authentication (the If-None-Match check) the viewer is unknown: a 304 only tells
    // a client that what it already holds is current. Editors: mutations only, to invalidate.
    enabled: (request) => {
      const state = requestState(request);
      if (!state.viewer || !isEditor(state.viewer)) return true;
      return state.operationType === 'mutation';
    },
  });

  const alongside: Plugin = {
    onExecute({ args }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'mutation') return;
      const named = entitiesInInput(args.schema, args.document, args.variableValues);
      if (!named.length) return;
      return {
        onExecuteDone({ result }) {
          if (!wroteSomething(result)) return;
          void store.invalidate(named);
        },
      };
    },
    onExecutionResult({ request, result }) {
      const state = requestState(request);
      if (result && servedFromCache in result) state.cache = 'hit';
      else state.cache = state.operationType === 'query' && state.viewer && !isEditor(state.viewer) ? 'miss' : 'bypass';
    },
    onResponse({ request, response }) {
      if (response.headers.has('cache-control') || !['GET', 'POST'].includes(request.method)) return;
      const keyed = request.headers.has('authorization');
      const viewer = requestState(request).viewer;
      const cacheable = (response.status === 200 || response.status === 304) && response.headers.has('etag') && !(viewer && isEditor(viewer));
      if (!cacheable) {
        response.headers.set('Cache-Control', keyed ? 'private, no-store' : 'no-store');
        return;
      }
      response.headers.set('Cache-Control', `${keyed ? 'private' : 'public'}, max-age=${settings.httpMaxAgeSeconds}`);
      response.headers.append('Vary', 'Authorization');
    },
  };
  return [responseCache, alongside];
}
