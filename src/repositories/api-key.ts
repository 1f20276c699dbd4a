import type { Kysely } from 'kysely';
import type { ApiKey, Database, NewApiKey } from '../db/types.js';

export type ApiKeySummary = Omit<ApiKey, 'hash'>;

const summaryColumns = ['id', 'name', 'prefix', 'scopes', 'rate_limit', 'created_at', 'revoked_at', 'last_used_at'] as const;

export async function insertApiKey(db: Kysely<Database>, key: NewApiKey): Promise<ApiKeySummary> {
  return db.insertInto('api_key').values(key).returning(summaryColumns).executeTakeFirstOrThrow();
}

/** The key with this prefix, hash included, to authenticate a request. */
export async function findApiKeyByPrefix(db: Kysely<Database>, prefix: string): Promise<ApiKey | null> {
  return (await db.selectFrom('api_key').selectAll().where('prefix', '=', prefix).executeTakeFirst()) ?? null;
}

export function listApiKeys(db: Kysely<Database>): Promise<ApiKeySummary[]> {
  return db.selectFrom('api_key').select(summaryColumns).orderBy('created_at').orderBy('id').execute();
}

/** Revokes the key and returns it; null when no key has that prefix or it was already revoked. */
export async function revokeApiKey(db: Kysely<Database>, prefix: string): Promise<ApiKeySummary | null> {
  const revoked = await db
    .updateTable('api_key')
    .set({ revoked_at: new Date() })
    .where('prefix', '=', prefix)
    .where('revoked_at', 'is', null)
    .returning(summaryColumns)
    .executeTakeFirst();
  return revoked ?? null;
}

export async function markApiKeyUsed(db: Kysely<Database>, id: number): Promise<void> {
  await db.updateTable('api_key').set({ last_used_at: new Date() }).where('id', '=', id).execute();
}
