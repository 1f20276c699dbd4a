import type { Cache } from '@graphql-yoga/plugin-response-cache';
import type { Redis } from 'ioredis';

// The response cache in Redis, shared by N gateways. Not @envelop/response-cache-redis: its
// entity sets never expire (graphql-hive/envelop#2493) and its keys have no namespace. Here:
//   <prefix>response:<cache key>       the JSON result, expiring with its TTL;
//   <prefix>entity:<Type>:<global id>  the cache keys of the results that contain the entity,
//                                      expiring with the longest-lived of them.
// Only entities with an id are indexed: invalidation is by entity, never by whole type.
// Not for Redis Cluster (the invalidation script touches keys of many slots).

// Drops every result listed in the given entity sets, then the sets: atomically, so that a
// result stored meanwhile is either dropped or indexed in a set that survives.
const INVALIDATE = `
for _, set in ipairs(KEYS) do
  local responses = redis.call('SMEMBERS', set)
  for _, response in ipairs(responses) do redis.call('DEL', ARGV[1] .. response) end
  redis.call('DEL', set)
end
return 0
`;

export function createRedisResponseCache(redis: Redis, prefix: string): Cache {
  const responsePrefix = `${prefix}response:`;
  const entityKey = (typename: string, id: string | number) => `${prefix}entity:${typename}:${id}`;
  return {
    async get(cacheKey) {
      const stored = await redis.get(responsePrefix + cacheKey);
      return stored ? JSON.parse(stored) : null;
    },
    async set(cacheKey, result, entities, ttl) {
      const ms = Number.isFinite(ttl) ? Math.max(1, Math.round(ttl)) : 86_400_000;
      const pipeline = redis.pipeline().set(responsePrefix + cacheKey, JSON.stringify(result), 'PX', ms);
      for (const { typename, id } of entities) {
        if (id == null) continue;
        const key = entityKey(typename, id);
        // A new set gets this TTL (NX); an existing one keeps the later of the two (GT).
        pipeline.sadd(key, cacheKey).pexpire(key, ms, 'NX').pexpire(key, ms, 'GT');
      }
      await pipeline.exec();
    },
    async invalidate(entities) {
      const keys = new Set<string>();
      for (const { typename, id } of entities) if (id != null) keys.add(entityKey(typename, id));
      if (keys.size) await redis.eval(INVALIDATE, keys.size, ...keys, responsePrefix);
    },
  };
}
