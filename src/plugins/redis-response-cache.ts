import type { Redis } from 'ioredis';
import type { ResponseStore } from './response-store.js';

// The response cache in Redis, shared by N gateways. Not @envelop/response-cache-redis: its
// entity sets never expire (graphql-hive/envelop#2493) and its keys have no namespace. Here:
//   <prefix>response:<cache key>       the JSON result, expiring with its TTL;
//   <prefix>entity:<Type>:<global id>  the cache keys of the results that contain the entity,
//                                      expiring with the longest-lived of them;
//   <prefix>response-generation        how many invalidations there were (never expires: a
//                                      reset could let a stale result in).
// Storing and invalidating are Lua scripts, atomic in Redis: a gateway stores a result only if
// no gateway invalidated since its request read the generation. Redis's own memory budget
// (maxmemory, with a volatile-* policy so that the generation stays) bounds the whole.
// Not for Redis Cluster (the scripts touch keys of many slots).

// KEYS: the generation, the response, then its entity sets.
// ARGV: the generation the request started at, the JSON, the TTL in ms, the cache key.
const STORE = `
if (redis.call('GET', KEYS[1]) or '0') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
for i = 3, #KEYS do
  redis.call('SADD', KEYS[i], ARGV[4])
  -- A new set gets this TTL (NX); an existing one keeps the later of the two (GT).
  redis.call('PEXPIRE', KEYS[i], ARGV[3], 'NX')
  redis.call('PEXPIRE', KEYS[i], ARGV[3], 'GT')
end
return 1
`;

// KEYS: the generation, then the entity sets. ARGV: the prefix of response keys.
// Drops every result listed in the sets, then the sets; a result stored later was computed
// at the old generation and is refused by STORE.
const INVALIDATE = `
redis.call('INCR', KEYS[1])
for i = 2, #KEYS do
  local responses = redis.call('SMEMBERS', KEYS[i])
  for _, response in ipairs(responses) do redis.call('DEL', ARGV[1] .. response) end
  redis.call('DEL', KEYS[i])
end
return 0
`;

export function createRedisResponseStore(redis: Redis, prefix: string): ResponseStore {
  const responsePrefix = `${prefix}response:`;
  const generationKey = `${prefix}response-generation`;
  const entityKey = (entity: string) => `${prefix}entity:${entity}`;
  return {
    async generation() {
      return (await redis.get(generationKey)) ?? '0';
    },
    get: (key) => redis.getBuffer(responsePrefix + key),
    async set({ key, json, entities, ttlMs, generation }) {
      const keys = [generationKey, responsePrefix + key, ...entities.map(entityKey)];
      await redis.eval(STORE, keys.length, ...keys, generation, json, ttlMs, key);
    },
    async invalidate(entities) {
      const keys = [generationKey, ...entities.map(entityKey)];
      await redis.eval(INVALIDATE, keys.length, ...keys, responsePrefix);
    },
  };
}
