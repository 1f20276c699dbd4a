import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { PersistedOperationSettings } from '../config.js';
import { ErrorCode, clientError } from '../errors.js';
import { viewerOf } from './viewer.js';

// Two kinds of persisted operations, both addressed by the SHA-256 (hex) of the query text, as
// Apollo's automatic persisted queries (APQ) send it in `extensions.persistedQuery`:
// - the allow-list: the site's own operations, committed in persisted-operations.json
//   (hash -> query; `npm run persisted` rebuilds it). With PERSISTED_ONLY_ANONYMOUS=true,
//   anonymous clients may run these and nothing else; keyed clients run anything within limits.
// - APQ: any other client registers a query by sending it once with its hash, then sends the
//   hash alone. Registrations are kept in memory (APQ_MAX_ENTRIES, least recently used first
//   out); a gateway that does not know a hash answers PERSISTED_QUERY_NOT_FOUND and the client
//   sends the query again, so N gateways need not share them.

/** Registered queries longer than this are run but not kept: a bound on APQ memory. */
const MAX_APQ_QUERY_LENGTH = 20_000;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The allow-list file: an object of SHA-256 hex -> query text, each hash checked. */
export function loadAllowList(file: string): Map<string, string> {
  const entries = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const allowList = new Map<string, string>();
  for (const [hash, query] of Object.entries(entries)) {
    if (typeof query !== 'string' || sha256(query) !== hash) {
      throw new Error(`${file}: the entry ${hash} is not the SHA-256 of its query; rebuild the file with \`npm run persisted\`.`);
    }
    allowList.set(hash, query);
  }
  return allowList;
}

function apqHash(params: GraphQLParams): string | null {
  const persisted = (params.extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | undefined)?.persistedQuery;
  return persisted?.version === 1 && typeof persisted.sha256Hash === 'string' ? persisted.sha256Hash : null;
}

const persistedOnlyMessage =
  "Anonymous clients may run only the site's persisted operations: send the hash of one of them, or an API key to run other queries.";

export function usePersistedOperationPolicy(settings: PersistedOperationSettings, logger: Logger): Plugin[] {
  let allowList = new Map<string, string>();
  if (existsSync(settings.file)) allowList = loadAllowList(settings.file);
  else if (settings.anonymousOnlyPersisted) throw new Error(`PERSISTED_ONLY_ANONYMOUS is on but ${settings.file} does not exist.`);
  else logger.warn(`persisted operations: no ${settings.file}, the allow-list is empty`);

  const registered = settings.apqMaxEntries > 0 ? new LRUCache<string, string>({ max: settings.apqMaxEntries }) : null;
  const restricted = (request: Request) => settings.anonymousOnlyPersisted && viewerOf(request).kind === 'anonymous';

  // Before the lookup: check and register APQ queries, and turn an allow-listed query sent in
  // full by a restricted client into its hash (GraphiQL's example query, for instance).
  const register: Plugin = {
    onParams({ request, params, setParams }) {
      const hash = apqHash(params);
      if (params.query && hash) {
        if (sha256(params.query) !== hash) {
          throw clientError(ErrorCode.persistedQueryMismatch, 'The query does not have the SHA-256 hash sent with it.', {
            http: { status: 400 },
          });
        }
        if (!restricted(request)) {
          if (!allowList.has(hash) && params.query.length <= MAX_APQ_QUERY_LENGTH) registered?.set(hash, params.query);
          return;
        }
      }
      if (params.query && restricted(request)) {
        const asPersisted = hash ?? sha256(params.query);
        if (!allowList.has(asPersisted)) return; // refused below, as an arbitrary operation
        setParams({ ...params, query: undefined, extensions: { ...params.extensions, persistedQuery: { version: 1, sha256Hash: asPersisted } } });
      }
    },
  };

  const lookup = usePersistedOperations({
    allowArbitraryOperations: (request) => !restricted(request),
    getPersistedOperation: (hash, request) => allowList.get(hash) ?? (restricted(request) ? null : (registered?.get(hash) ?? null)),
    customErrors: {
      // The message is what APQ clients (Apollo) look for before sending the query again.
      notFound: () =>
        clientError(ErrorCode.persistedQueryNotFound, 'PersistedQueryNotFound', { http: { status: 404 } }),
      keyNotFound: () =>
        clientError(ErrorCode.invalidArgument, 'Send a `query`, or a persisted query hash in `extensions.persistedQuery`.', {
          http: { status: 400 },
        }),
      persistedQueryOnly: () => clientError(ErrorCode.persistedQueryRequired, persistedOnlyMessage, { http: { status: 403 } }),
    },
  });

  return [register, lookup];
}
