import { objectKey, typeKey } from './surrogate-key-names.js';

// The surrogate keys of a GraphQL response (RFC-less, but Fastly and Cloudflare agree on the
// idea): one key per object whose global id the response holds, and a type key (`articles`)
// for every type with objects in a list (an array, or the nodes of a connection's edges), so
// that purging `articles` refreshes every list an article may join or leave. Objects whose id
// the query did not select cannot be named: the site's queries select `id`.
// Headers are bounded: past SURROGATE_KEYS_MAX_BYTES the response carries its type keys only
// (purged more often, never stale).

export const SURROGATE_KEYS_MAX_BYTES = 8_000;

function decodeId(value: unknown): { typename: string; id: string } | null {
  if (typeof value !== 'string' || value.length > 40) return null;
  const match = /^([A-Za-z]+):([1-9][0-9]{0,9})$/.exec(Buffer.from(value, 'base64url').toString('utf8'));
  return match ? { typename: match[1]!, id: match[2]! } : null;
}

export interface SurrogateKeys {
  objects: Set<string>;
  /** Every type with an object in the response; the listed ones also have their key in `lists`. */
  types: Set<string>;
  lists: Set<string>;
}

/** The keys of a response body (a JSON result, or the array of a batch). */
export function surrogateKeysOf(body: string): SurrogateKeys {
  const keys: SurrogateKeys = { objects: new Set(), types: new Set(), lists: new Set() };
  const walk = (value: unknown, listed: boolean) => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item, true);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const object = value as Record<string, unknown>;
    const decoded = decodeId(object['id']);
    if (decoded) {
      keys.objects.add(objectKey(decoded.typename, decoded.id));
      keys.types.add(typeKey(decoded.typename));
      if (listed) keys.lists.add(typeKey(decoded.typename));
    }
    for (const [field, child] of Object.entries(object)) {
      // The node of an edge in a list is in the list.
      walk(child, listed && field === 'node');
    }
  };
  try {
    walk(JSON.parse(body), false);
  } catch {
    // Not JSON: no keys.
  }
  return keys;
}

/** The keys to send: objects and lists, or the type keys when that would be too long. */
export function boundedSurrogateKeys(keys: SurrogateKeys, maxBytes = SURROGATE_KEYS_MAX_BYTES): string[] {
  const all = [...keys.lists, ...keys.objects];
  const length = all.reduce((total, key) => total + key.length + 1, 0);
  return length <= maxBytes ? all : [...keys.types];
}

/** Sets `Surrogate-Key` (space-separated, Fastly) and `Cache-Tag` (comma-separated, Cloudflare). */
export function setSurrogateKeyHeaders(headers: Headers, keys: string[]): void {
  if (!keys.length) return;
  headers.set('Surrogate-Key', keys.join(' '));
  headers.set('Cache-Tag', keys.join(','));
}
