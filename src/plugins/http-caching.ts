import { createHash } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { boundedSurrogateKeys, setSurrogateKeyHeaders, surrogateKeysOf } from './surrogate-keys.js';

// What browsers and CDNs may keep, and conditional requests (RFC 9110):
// - A reusable result (see `isReusable`) sent as JSON carries `Cache-Control: public` for
//   anonymous requests (CDNs may keep it HTTP_MAX_AGE_SECONDS), `private` with an API key,
//   `Vary: Authorization, Accept`, and an ETag: a hash of the body it carries, so equal bodies
//   have equal tags. Everything else is `no-store`, without ETag. A reusable result also names
//   the objects it holds for CDN purges (Surrogate-Key, Cache-Tag: surrogate-keys.ts).
// - `If-None-Match` gets a 304 only once the response exists: after authentication and rate
//   limiting (a bad key is still a 401, an exhausted budget a 429), and only when the body the
//   client would receive is the one it has. A tag tells nothing about what others asked.
// Done around the request handler, so that the request log and metrics see the final status.

/** The strong entity tag of a body: 128 bits of its SHA-256 (of its UTF-8 bytes), quoted. */
function hashTag(body: string | Uint8Array): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
}

// A body kept by the in-memory response cache is the same object on every hit: hashed once.
const tagsOfStoredBodies = new WeakMap<Uint8Array, string>();

/** The strong entity tag of a body, text or UTF-8 bytes: equal bodies have equal tags. */
export function entityTagOf(body: string | Uint8Array): string {
  if (typeof body === 'string') return hashTag(body);
  let tag = tagsOfStoredBodies.get(body);
  if (tag === undefined) tagsOfStoredBodies.set(body, (tag = hashTag(body)));
  return tag;
}

/** Whether an If-None-Match value lists `tag` (weak comparison: W/ is ignored) or is `*`. */
export function ifNoneMatchHits(header: string, tag: string): boolean {
  for (const [candidate] of header.matchAll(/\*|(?:W\/)?"[^"]*"/g)) {
    if (candidate === '*' || candidate.replace(/^W\//, '') === tag) return true;
  }
  return false;
}

// Only plain JSON bodies are kept: an event stream or a multipart body of the same result is
// another representation, which a CDN must not hand to the next client.
const isJson = (response: Response) => /^application\/(?:graphql-response\+)?json\b/.test(response.headers.get('content-type') ?? '');

export interface HttpCachingOptions {
  /** How long clients and CDNs may keep an answer sent now. */
  maxAgeSeconds(): number;
  /** Whether the request's result may be kept by clients: queries of non-editors without errors. */
  isReusable(request: Request): boolean;
  /** The body of the response when it is already known (a cache hit's bytes): it is then not read back. */
  knownBody?(request: Request): Uint8Array | undefined;
}

// Reading a body's keys costs about three times its hash (JSON.parse of the whole body): cache
// hits, the hot path, find them by the tag of their body instead.
const KEYS_MEMO_ENTRIES = 256;

export function useHttpCaching({ maxAgeSeconds, isReusable, knownBody }: HttpCachingOptions): Plugin {
  const keysByTag = new Map<string, string[]>();
  const decoder = new TextDecoder();
  const surrogateKeysFor = (tag: string, body: string | Uint8Array) => {
    let keys = keysByTag.get(tag);
    if (!keys) {
      keys = boundedSurrogateKeys(surrogateKeysOf(typeof body === 'string' ? body : decoder.decode(body)));
      keysByTag.set(tag, keys);
      // A Map iterates in insertion order: the first key is the oldest entry.
      if (keysByTag.size > KEYS_MEMO_ENTRIES) keysByTag.delete(keysByTag.keys().next().value!);
    }
    return keys;
  };
  return {
    onRequest({ request, requestHandler, setRequestHandler, fetchAPI }) {
      if (request.method !== 'GET' && request.method !== 'POST') return;
      setRequestHandler(async (request, serverContext) => {
        const response = await requestHandler(request, serverContext);
        if (response.headers.has('cache-control')) return response;
        const keyed = request.headers.has('authorization');
        // Yoga's response cache tags results with their cache key: a hash of the request.
        response.headers.delete('etag');
        response.headers.delete('last-modified');
        if (response.status !== 200 || !isReusable(request) || !isJson(response)) {
          response.headers.set('Cache-Control', keyed ? 'private, no-store' : 'no-store');
          return response;
        }
        response.headers.set('Cache-Control', `${keyed ? 'private' : 'public'}, max-age=${maxAgeSeconds()}`);
        // The body's type follows Accept (application/json or application/graphql-response+json).
        response.headers.append('Vary', 'Authorization, Accept');
        const known = knownBody?.(request);
        const read = known === undefined ? await response.text() : undefined;
        const body = known ?? read ?? '';
        const tag = entityTagOf(body);
        response.headers.set('ETag', tag);
        setSurrogateKeyHeaders(response.headers, surrogateKeysFor(tag, body));
        const ifNoneMatch = request.headers.get('if-none-match');
        if (ifNoneMatch && ifNoneMatchHits(ifNoneMatch, tag)) {
          const headers = new fetchAPI.Headers(response.headers);
          headers.delete('content-type');
          headers.delete('content-length');
          return new fetchAPI.Response(null, { status: 304, headers });
        }
        // A body read back must be put in a new response; a known one was never taken out.
        if (read === undefined) return response;
        return new fetchAPI.Response(read, { status: response.status, statusText: response.statusText, headers: response.headers });
      });
    },
  };
}
