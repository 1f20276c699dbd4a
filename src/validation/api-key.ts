import { z } from 'zod';
import { SCOPES } from '../auth/api-key.js';
import { label } from './fields.js';

// What a new API key and a revocation may say: one set of rules for the createApiKey and
// revokeApiKey mutations and for `npm run apikey`. They mirror api_key's CHECK constraints.

const wholeRequests = 'must be a positive whole number of requests';

export const newApiKeyRules = z.object({
  name: label(200),
  scopes: z
    .array(z.enum(SCOPES, { error: (issue) => `"${String(issue.input)}" is not a scope (scopes: ${SCOPES.join(', ')})` }))
    .min(1, 'needs at least one scope')
    .default(['read'])
    .transform((scopes) => [...new Set(scopes)]),
  // Requests per rate-limit window; null: the budget of the key's scope (RATE_LIMIT_<SCOPE>).
  rateLimit: z
    .number({ error: wholeRequests })
    .int(wholeRequests)
    .positive(wholeRequests)
    .max(1_000_000_000, 'must be at most 1 000 000 000')
    .nullish()
    .transform((limit) => limit ?? null),
});

export type NewApiKeyRequest = z.output<typeof newApiKeyRules>;

export const revokeApiKeyRules = z.object({
  prefix: z.string().regex(/^[a-z0-9]{10}$/, 'must be a key prefix: the 10 lowercase letters and digits after "cgw_"'),
});
