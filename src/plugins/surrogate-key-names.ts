// The names CDNs purge by (Fastly's Surrogate-Key, Cloudflare's Cache-Tag): one per object,
// `article:12` (its type and row id), and one per type, `articles`, carried by every response
// listing objects of that type. Responses carry them (surrogate-keys.ts) and webhook events name
// the ones a change makes stale (src/webhooks/events.ts): both use these two functions.

/** The key of one object: its type in lower case and its row id. */
export function objectKey(typename: string, id: string | number): string {
  return `${typename.toLowerCase()}:${id}`;
}

/** The key of every list of a type's objects, and the fallback when a response names too many. */
export function typeKey(typename: string): string {
  return `${typename.toLowerCase()}s`;
}
