import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// An API key reads `cgw_<prefix>_<secret>`. The database keeps the prefix (to find the key and
// to name it in logs) and a SHA-256 of the whole key: keys are 256-bit random, so a fast hash
// is as safe as a slow one, and checking costs nothing per request.

export const SCOPES = ['read', 'partner', 'editor'] as const;
export type Scope = (typeof SCOPES)[number];

const KEY_SHAPE = /^cgw_([a-z0-9]{10})_([A-Za-z0-9_-]{43})$/;

export interface NewKeyMaterial {
  key: string;
  prefix: string;
  hash: string;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function generateApiKey(): NewKeyMaterial {
  const prefix = randomBytes(8).toString('hex').slice(0, 10);
  const key = `cgw_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

/** The prefix of a well-formed key, or null when it cannot be one of ours. */
export function prefixOf(key: string): string | null {
  return KEY_SHAPE.exec(key)?.[1] ?? null;
}

export function matchesHash(key: string, hash: string): boolean {
  const expected = Buffer.from(hash, 'hex');
  const actual = Buffer.from(hashApiKey(key), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}
