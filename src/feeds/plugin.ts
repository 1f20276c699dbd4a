import type { Plugin } from 'graphql-yoga';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/types.js';
import { entityTagOf, ifNoneMatchHits } from '../plugins/http-caching.js';
import { boundedSurrogateKeys, setSurrogateKeyHeaders } from '../plugins/surrogate-keys.js';
import { contentFingerprint } from '../repositories/feed.js';
import type { Site } from '../site.js';
import { buildDocument, routeOf, type FeedOptions, type XmlDocument } from './documents.js';

// Feeds and sitemaps (documents.ts), served by the gateway's HTTP server next to /graphql.
// - Cached like GraphQL answers: a generated document is kept (at most `cacheEntries`, each at
//   most `ttlSeconds`) together with the content fingerprint it was built at; every request reads
//   the fingerprint (one small statement) and rebuilds when content changed, on any gateway.
// - HTTP: Cache-Control public, a quoted strong ETag (hash of the body), Last-Modified (the
//   newest change listed), 304 for If-None-Match, or If-Modified-Since when no tag is sent
//   (RFC 9110 13.1.3), and the surrogate keys of the articles listed.

export interface FeedServingOptions {
  db(request: Request): Kysely<Database>;
  site: Site;
  logger: Logger;
  documents: FeedOptions;
  /** 0 turns the cache off. */
  cacheEntries: number;
  ttlSeconds: number;
  maxAgeSeconds: number;
}

interface Cached {
  fingerprint: string;
  expiresAt: number;
  document: XmlDocument;
  tag: string;
}

function notModified(request: Request, tag: string, lastModified: Date | null): boolean {
  const ifNoneMatch = request.headers.get('if-none-match');
  if (ifNoneMatch) return ifNoneMatchHits(ifNoneMatch, tag);
  const since = Date.parse(request.headers.get('if-modified-since') ?? '');
  return lastModified !== null && !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

export function useFeeds(options: FeedServingOptions): Plugin {
  const cache = new Map<string, Cached>();

  async function documentFor(request: Request, url: URL, route: NonNullable<ReturnType<typeof routeOf>>): Promise<Cached | null> {
    const db = options.db(request);
    const fingerprint = await contentFingerprint(db);
    const key = `${url.origin}${url.pathname}`;
    const kept = cache.get(key);
    if (kept && kept.fingerprint === fingerprint && kept.expiresAt > Date.now()) return kept;
    const document = await buildDocument(db, options.site, url.origin, route, options.documents);
    if (!document) return null;
    const fresh = { fingerprint, expiresAt: Date.now() + options.ttlSeconds * 1000, document, tag: entityTagOf(document.body) };
    if (options.cacheEntries > 0) {
      cache.delete(key);
      cache.set(key, fresh);
      // A Map iterates in insertion order: the first key is the oldest entry.
      if (cache.size > options.cacheEntries) cache.delete(cache.keys().next().value!);
    }
    return fresh;
  }

  return {
    async onRequest({ request, url, fetchAPI, endResponse }) {
      const route = routeOf(url.pathname);
      if (!route) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response('Method not allowed', { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      let found: Cached | null;
      try {
        found = await documentFor(request, url, route);
      } catch (error) {
        options.logger.warn({ err: error instanceof Error ? error.message : error, path: url.pathname }, 'feed could not be built');
        endResponse(new fetchAPI.Response('Service unavailable', { status: 503, headers: { 'retry-after': '5', 'cache-control': 'no-store' } }));
        return;
      }
      if (!found) {
        endResponse(new fetchAPI.Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': `public, max-age=${options.maxAgeSeconds}` } }));
        return;
      }
      const { document, tag } = found;
      const headers = new fetchAPI.Headers({ 'cache-control': `public, max-age=${options.maxAgeSeconds}`, etag: tag });
      if (document.lastModified) headers.set('last-modified', document.lastModified.toUTCString());
      setSurrogateKeyHeaders(headers, boundedSurrogateKeys(document.keys));
      if (notModified(request, tag, document.lastModified)) {
        endResponse(new fetchAPI.Response(null, { status: 304, headers }));
        return;
      }
      headers.set('content-type', document.contentType);
      endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : document.body, { status: 200, headers }));
    },
  };
}
