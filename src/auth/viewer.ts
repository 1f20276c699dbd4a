import type { Kysely } from 'kysely';
import { createGraphQLError } from 'graphql-yoga';
import type { Database } from '../db/types.js';
import { ErrorCode, isDatabaseUnavailable } from '../errors.js';
import { findApiKeyByPrefix, markApiKeyUsed } from '../repositories/api-key.js';
import { isScope, matchesHash, prefixOf, type Scope } from './api-key.js';

/** Who sends a request: nobody in particular, or the holder of an API key. */
export type Viewer =
  | { kind: 'anonymous'; scopes: readonly Scope[] }
  | { kind: 'key'; keyId: number; name: string; prefix: string; scopes: readonly Scope[]; rateLimit: number | null };

export const anonymous: Viewer = { kind: 'anonymous', scopes: [] };

/** 401 with a reason a developer can act on; never the key itself. */
function unauthenticated(reason: string) {
  return createGraphQLError(reason, {
    extensions: { code: ErrorCode.unauthenticated, http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } } },
  });
}

const USED_MARK_INTERVAL_MS = 60_000;

/**
 * The databases authentication uses: `reads` finds the key (a replica when there are some),
 * `writes` (the primary) finds a key too new for the replica and records its use.
 */
export interface AuthDatabases {
  reads: Kysely<Database>;
  writes: Kysely<Database>;
}

/**
 * Resolves the Authorization header to a viewer. No header means anonymous; a header that is
 * there but wrong (malformed, unknown, revoked) is refused, never downgraded to anonymous.
 */
export function createAuthenticator() {
  // last_used_at is written at most once a minute per key, not on every request.
  const lastMarked = new Map<number, number>();

  return async function authenticate({ reads, writes }: AuthDatabases, authorization: string | null): Promise<Viewer> {
    if (authorization === null) return anonymous;
    // The scheme is case-insensitive (RFC 9110): "bearer" and "BEARER" are the same.
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw unauthenticated('The Authorization header must read "Bearer <API key>".');
    const key = match[1]!;
    const prefix = prefixOf(key);
    if (!prefix) throw unauthenticated('This is not an API key of this gateway.');
    // A key created a moment ago may not have reached the replica yet.
    const stored = (await findApiKeyByPrefix(reads, prefix)) ?? (reads === writes ? null : await findApiKeyByPrefix(writes, prefix));
    if (!stored || !matchesHash(key, stored.hash)) throw unauthenticated('Unknown API key.');
    if (stored.revoked_at) throw unauthenticated(`API key ${prefix} has been revoked.`);

    const now = Date.now();
    if (now - (lastMarked.get(stored.id) ?? 0) > USED_MARK_INTERVAL_MS) {
      lastMarked.set(stored.id, now);
      // Bookkeeping: with the primary down, reads served by a replica must not fail on it.
      await markApiKeyUsed(writes, stored.id).catch((error: unknown) => {
        if (!isDatabaseUnavailable(error)) throw error;
      });
    }
    return {
      kind: 'key',
      keyId: stored.id,
      name: stored.name,
      prefix,
      scopes: stored.scopes.filter(isScope),
      rateLimit: stored.rate_limit,
    };
  };
}
