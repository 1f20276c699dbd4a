import { LRUCache } from 'lru-cache';
import type { CacheUsage, ResponseStore } from './response-store.js';

// The response cache of a single gateway: a byte budget, not an entry count (one entry may be
// a few hundred bytes or a megabyte). Results are kept as UTF-8 bytes in their own buffers, so
// that their weight is exact; the least recently used go first when the budget is full, and
// expired ones leave at their TTL (lru-cache's autopurge) rather than wait for eviction.
// The entity index (entity -> keys) follows every removal: eviction, expiry, invalidation.

// Estimates of what V8 spends around each entry (the LRU slots, key string, buffer object,
// entry object) and each entity of an entry (its id string and the index's set slot).
const ENTRY_OVERHEAD_BYTES = 400;
const ENTITY_OVERHEAD_BYTES = 64;

interface Entry {
  body: Uint8Array;
  entities: string[];
  size: number;
}

export interface MemoryStoreOptions {
  maxBytes: number;
  /** The clock of the TTLs (tests pass their own). */
  clock?: { now(): number };
}

export function createMemoryResponseStore({ maxBytes, clock }: MemoryStoreOptions): ResponseStore & { usage(): CacheUsage } {
  const encoder = new TextEncoder();
  const keysByEntity = new Map<string, Set<string>>();
  let generation = 0;

  const unindex = (key: string, entities: string[]) => {
    for (const entity of entities) {
      const keys = keysByEntity.get(entity);
      keys?.delete(key);
      if (keys?.size === 0) keysByEntity.delete(entity);
    }
  };

  const entries = new LRUCache<string, Entry>({
    maxSize: maxBytes,
    sizeCalculation: (entry) => entry.size,
    ttlAutopurge: true,
    allowStale: false,
    // Every way out (evict, expire, delete, replace) passes here.
    dispose: (entry, key) => unindex(key, entry.entities),
    // lru-cache reuses a reading of its clock for a millisecond of real time: not a test's clock.
    ...(clock ? { perf: clock, ttlResolution: 0 } : {}),
  });

  return {
    generation: () => String(generation),
    get(key) {
      return entries.get(key)?.body ?? null;
    },
    set({ key, json, entities, ttlMs, generation: startedAt }) {
      if (startedAt !== String(generation)) return;
      const body = encoder.encode(json);
      const size = body.byteLength + key.length + ENTRY_OVERHEAD_BYTES + entities.reduce((sum, id) => sum + id.length + ENTITY_OVERHEAD_BYTES, 0);
      const entry: Entry = { body, entities, size };
      entries.set(key, entry, { ttl: ttlMs });
      // Over the whole budget, lru-cache refuses the entry: nothing to index.
      if (entries.peek(key) !== entry) return;
      for (const entity of entities) {
        let keys = keysByEntity.get(entity);
        if (!keys) keysByEntity.set(entity, (keys = new Set()));
        keys.add(key);
      }
    },
    invalidate(entities) {
      generation += 1;
      for (const entity of entities) {
        for (const key of [...(keysByEntity.get(entity) ?? [])]) entries.delete(key);
      }
    },
    usage: () => ({ bytes: entries.calculatedSize, entries: entries.size, indexedEntities: keysByEntity.size }),
  };
}
