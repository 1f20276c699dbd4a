import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// Preview tokens let a front end read one unpublished article (a draft, or a published one with
// its pending revision) without an editor key: `p1.<article id>.<expiry, ms>.<HMAC-SHA256>`,
// signed with PREVIEW_SECRET. Nothing is stored: a token is valid until it expires, and changing
// the secret revokes them all.

const PREFIX = 'p1';

export interface PreviewGrant {
  articleId: number;
  expiresAt: Date;
}

function signature(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

export function signPreviewToken(secret: string, grant: PreviewGrant): string {
  const payload = `${PREFIX}.${grant.articleId}.${grant.expiresAt.getTime()}`;
  return `${payload}.${signature(secret, payload).toString('base64url')}`;
}

/** The grant of a token signed with `secret` and not expired at `now`; null for anything else. */
export function verifyPreviewToken(secret: string, token: string, now: Date): PreviewGrant | null {
  const match = /^(p1\.(\d{1,10})\.(\d{1,15}))\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const [, payload, id, expiry, given] = match;
  const expected = signature(secret, payload!);
  const received = Buffer.from(given!, 'base64url');
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) return null;
  const expiresAt = new Date(Number(expiry));
  return expiresAt > now ? { articleId: Number(id), expiresAt } : null;
}

/** A secret for this process only, when PREVIEW_SECRET is unset. */
export const ephemeralPreviewSecret = (): string => randomBytes(32).toString('base64url');
