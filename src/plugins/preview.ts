import { verifyPreviewToken } from '../auth/preview-token.js';
import { currentInstant } from '../clock.js';
import type { Preview } from '../context.js';

/** The header a front end sends a preview token in (or the `previewToken` argument of `article`). */
export const PREVIEW_HEADER = 'x-preview-token';

/** Whether a request carries a preview token header: its answer is never cached nor served from the cache. */
export const sendsPreviewToken = (request: Request): boolean => request.headers.has(PREVIEW_HEADER);

/** The preview state of a request: the article its header grants, if the token is valid now. */
export function previewOf(request: Request, secret: string): Preview {
  const token = request.headers.get(PREVIEW_HEADER);
  return {
    secret,
    grant: token === null ? null : verifyPreviewToken(secret, token, currentInstant()),
    used: token !== null,
  };
}
