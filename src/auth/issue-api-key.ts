import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import { insertApiKey, type ApiKeySummary } from '../repositories/api-key.js';
import type { NewApiKeyRequest } from '../validation/api-key.js';
import { generateApiKey } from './api-key.js';

/** Makes a key and stores its hash: the key itself is in the result, and nowhere else, ever. */
export async function issueApiKey(db: Kysely<Database>, request: NewApiKeyRequest): Promise<{ key: string; stored: ApiKeySummary }> {
  const material = generateApiKey();
  const stored = await insertApiKey(db, {
    name: request.name,
    prefix: material.prefix,
    hash: material.hash,
    scopes: request.scopes,
    rate_limit: request.rateLimit,
  });
  return { key: material.key, stored };
}
