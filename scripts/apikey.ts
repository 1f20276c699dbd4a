// `npm run apikey -- create --name "Partner X" --scopes read,partner [--rate-limit 600]`: makes a key
// and prints it once (only its hash is kept). `list`: the keys, never their secrets.
// `revoke <prefix>`: the key stops working at once.
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { SCOPES } from '../src/auth/api-key.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { issueApiKey } from '../src/auth/issue-api-key.js';
import { listApiKeys, revokeApiKey } from '../src/repositories/api-key.js';
import { newApiKeyRules, revokeApiKeyRules } from '../src/validation/api-key.js';
import { formatTable, runScript, UsageError, withConfiguredDatabase } from './script-support.js';

const usage = `usage:
  npm run apikey -- create --name "Partner X" --scopes read,partner [--rate-limit <requests a minute>]
  npm run apikey -- list
  npm run apikey -- revoke <prefix>
scopes: ${SCOPES.join(', ')}`;

/** The createApiKey/revokeApiKey rules, applied to the command line: one line per problem. */
function validated<Rules extends z.ZodType>(rules: Rules, input: unknown): z.output<Rules> {
  const parsed = rules.safeParse(input);
  if (parsed.success) return parsed.data;
  const options: Record<string, string> = { name: '--name', scopes: '--scopes', rateLimit: '--rate-limit', prefix: '<prefix>' };
  const problems = parsed.error.issues.map((issue) => `${options[String(issue.path[0])] ?? 'input'}: ${issue.message}`);
  throw new UsageError(problems.join('\n'));
}

function parseCommand() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { name: { type: 'string' }, scopes: { type: 'string' }, 'rate-limit': { type: 'string' } },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${usage}`);
  }
  const [command, ...rest] = parsed.positionals;
  const { name, scopes, 'rate-limit': rateLimit } = parsed.values;
  if (command === 'create' && rest.length === 0) {
    const key = validated(newApiKeyRules, {
      name: name ?? '',
      scopes: scopes?.split(',').map((scope) => scope.trim()),
      rateLimit: rateLimit === undefined ? null : Number(rateLimit),
    });
    return { command, key } as const;
  }
  if (command === 'list' && rest.length === 0) return { command } as const;
  if (command === 'revoke' && rest.length === 1) return { command, ...validated(revokeApiKeyRules, { prefix: rest[0] }) } as const;
  throw new UsageError(usage);
}

await runScript(async () => {
  const request = parseCommand();
  return withConfiguredDatabase(async (database) => {
    await migrateToLatest(database.db);
    if (request.command === 'create') {
      const { key, stored } = await issueApiKey(database.db, request.key);
      console.log(`Created key "${stored.name}" (prefix ${stored.prefix}, scopes ${stored.scopes.join(',')}).`);
      console.log('Keep it now: it is shown only once.');
      console.log(key);
      return 0;
    }
    if (request.command === 'list') {
      const keys = await listApiKeys(database.db);
      const rows = keys.map((key) => [
        key.prefix,
        key.name,
        key.scopes.join(','),
        key.rate_limit === null ? '-' : String(key.rate_limit),
        key.created_at.toISOString(),
        key.last_used_at?.toISOString() ?? '-',
        key.revoked_at ? `revoked ${key.revoked_at.toISOString()}` : 'active',
      ]);
      console.log(formatTable([['prefix', 'name', 'scopes', 'rate limit', 'created', 'last used', 'state'], ...rows]));
      return 0;
    }
    if (!(await revokeApiKey(database.db, request.prefix))) {
      console.error(`No active key has the prefix ${request.prefix}.`);
      return 1;
    }
    console.log(`Revoked key ${request.prefix}.`);
    return 0;
  }, { alternative: 'manage keys through its GraphQL API (apiKeys, createApiKey, revokeApiKey)' });
});
