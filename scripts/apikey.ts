// `npm run apikey -- create --name "Partner X" --scopes read,partner [--rate-limit 600]`: makes a key
// and prints it once (only its hash is kept). `list`: the keys, never their secrets.
// `revoke <prefix>`: the key stops working at once.
import { parseArgs } from 'node:util';
import { generateApiKey, isScope, SCOPES } from '../src/auth/api-key.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { insertApiKey, listApiKeys, revokeApiKey } from '../src/repositories/api-key.js';
import { formatTable, runScript, UsageError, withConfiguredDatabase } from './script-support.js';

const usage = `usage:
  npm run apikey -- create --name "Partner X" --scopes read,partner [--rate-limit <requests a minute>]
  npm run apikey -- list
  npm run apikey -- revoke <prefix>
scopes: ${SCOPES.join(', ')}`;

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
    if (!name?.trim()) throw new UsageError(`--name is required\n${usage}`);
    const scopeList = (scopes ?? 'read').split(',').map((scope) => scope.trim());
    const unknown = scopeList.filter((scope) => !isScope(scope));
    if (unknown.length) throw new UsageError(`unknown scope(s): ${unknown.join(', ')}; scopes are ${SCOPES.join(', ')}`);
    const limit = rateLimit === undefined ? null : Number(rateLimit);
    if (limit !== null && !(Number.isInteger(limit) && limit > 0)) throw new UsageError('--rate-limit must be a positive whole number');
    return { command, name: name.trim(), scopes: scopeList, rateLimit: limit } as const;
  }
  if (command === 'list' && rest.length === 0) return { command } as const;
  if (command === 'revoke' && rest.length === 1) return { command, prefix: rest[0]! } as const;
  throw new UsageError(usage);
}

await runScript(async () => {
  const request = parseCommand();
  return withConfiguredDatabase(async (database) => {
    await migrateToLatest(database.db);
    if (request.command === 'create') {
      const material = generateApiKey();
      const stored = await insertApiKey(database.db, {
        name: request.name,
        prefix: material.prefix,
        hash: material.hash,
        scopes: request.scopes,
        rate_limit: request.rateLimit,
      });
      console.log(`Created key "${stored.name}" (prefix ${stored.prefix}, scopes ${stored.scopes.join(',')}).`);
      console.log('Keep it now: it is shown only once.');
      console.log(material.key);
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
