import type { Cache } from '@graphql-yoga/plugin-response-cache';
import type { ExecutionResult } from 'graphql';
import { splitGeneration } from './response-cache-key.js';

// What the gateway asks of a response cache store (memory-response-cache.ts, or
// redis-response-cache.ts for N gateways), and the adapter that makes one the Cache of Yoga's plugin.
// - Results are kept as their JSON text in UTF-8, whose size is known: a store counts bytes, not
//   entries, and a hit is sent as the bytes it was stored as (never decoded on the hot path).
// - Entities are `Type:globalId` strings; invalidation is by entity only (never a whole type).
// - Generations: every invalidation moves the store's generation on, and a result is stored
//   only if the generation is still the one read when its request started. Otherwise a read that
//   began before a mutation and ended after it (an article unpublished meanwhile) would be kept,
//   and served, until its TTL.

type MaybePromise<T> = T | Promise<T>;

export interface StoredResult {
  key: string;
  json: string;
  entities: string[];
  ttlMs: number;
  /** The store's generation when the request started. */
  generation: string;
}

export interface CacheUsage {
  /** What the entries weigh: their JSON bytes plus an estimate of the bookkeeping around them. */
  bytes: number;
  entries: number;
  /** Entities with at least one cached result (the invalidation index). */
  indexedEntities: number;
}

export interface ResponseStore {
  generation(): MaybePromise<string>;
  /** The UTF-8 JSON of a kept result. */
  get(key: string): MaybePromise<Uint8Array | null>;
  /** Keeps the result unless an invalidation came after `generation` was read. */
  set(result: StoredResult): MaybePromise<void>;
  /** Drops the results that contain these entities, and moves the generation on. */
  invalidate(entities: string[]): MaybePromise<void>;
  /** Only the in-process store can tell (Redis has its own INFO memory). */
  usage?(): CacheUsage;
}

/** The JSON a client receives: without the `http` extension Yoga turns into headers. */
function serialise(result: ExecutionResult): string {
  const { http: _http, ...extensions } = (result.extensions ?? {}) as Record<string, unknown>;
  return JSON.stringify({ ...result, extensions: Object.keys(extensions).length ? extensions : undefined });
}

function entityIds(entities: Iterable<{ typename: string; id?: string | number }>): string[] {
  const ids = new Set<string>();
  for (const { typename, id } of entities) if (id != null) ids.add(`${typename}:${id}`);
  return [...ids];
}

const then = <T, R>(value: MaybePromise<T>, next: (value: T) => R): MaybePromise<R> =>
  value instanceof Promise ? value.then(next) : next(value);

/** On a hit result: the UTF-8 JSON it was stored as, which is the body the client receives. */
export const CACHED_BODY = Symbol('cachedBody');

const decoder = new TextDecoder();

// The response cache plugin copies a hit's own properties, symbols included, into the result it
// sets; Yoga's result processor calls a result's own `stringify`. Text is only needed when the
// hit is one result of a batch (response-cache.ts sends a single hit as its bytes).
function cachedResult(body: Uint8Array): ExecutionResult {
  return { stringify: () => decoder.decode(body), [CACHED_BODY]: body } as unknown as ExecutionResult;
}

/** The stored body of a result served from the cache, if it is one. */
export const cachedBodyOf = (result: unknown): Uint8Array | undefined =>
  result && typeof result === 'object' ? (result as { [CACHED_BODY]?: Uint8Array })[CACHED_BODY] : undefined;

/** Yoga's Cache over a store; results over `maxEntryBytes` of JSON are not kept. */
export function asYogaCache(store: ResponseStore, maxEntryBytes: number): Cache {
  return {
    get(keyWithGeneration) {
      const { key } = splitGeneration(keyWithGeneration);
      return then(store.get(key), (body) => (body === null ? null : cachedResult(body)));
    },
    set(keyWithGeneration, result, entities, ttl) {
      const json = serialise(result);
      // UTF-16 length <= UTF-8 bytes: the first test spares counting the bytes of huge results.
      if (json.length > maxEntryBytes || Buffer.byteLength(json) > maxEntryBytes) return;
      const { key, generation } = splitGeneration(keyWithGeneration);
      return store.set({ key, json, entities: entityIds(entities), ttlMs: Math.max(1, Math.round(ttl)), generation });
    },
    invalidate(entities) {
      const ids = entityIds(entities);
      if (ids.length) return store.invalidate(ids);
    },
  };
}
