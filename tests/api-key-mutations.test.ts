import { sql } from 'kysely';
import { hashApiKey } from '../src/auth/api-key.js';
import { createTestGateway, describe, expect, test as base, type TestGateway } from './support/gateway.js';

// Editors administer API keys through GraphQL: a new key works from the very next request and
// is shown once; a revoked key is refused from the very next request, even with the response
// cache on (as in production); nobody else can list, create or revoke, and refusals write nothing.

const test = base.extend<{ cached: TestGateway }>({
  cached: [
    async ({ gateway }, use) => {
      const cached = await createTestGateway(gateway.database, { RESPONSE_CACHE: 'true' });
      await use(cached);
      await cached.yoga.dispose();
    },
    { scope: 'file' },
  ],
});

const keyFields = 'name prefix scopes rateLimit createdAt lastUsedAt revokedAt';
const errors = 'errors { path message code }';

const createKey = /* GraphQL */ `
  mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { ${keyFields} } ${errors} } }
`;
const revokeKey = /* GraphQL */ `
  mutation ($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { apiKey { ${keyFields} } ${errors} } }
`;
const listKeys = /* GraphQL */ `{ apiKeys { ${keyFields} } }`;
const partnerQuery = /* GraphQL */ `{ articles(first: 1) { totalCount } }`;

/** Rows of api_key and audit_log: what a refused request must leave as it was. */
async function rowCounts(gateway: TestGateway) {
  const { rows } = await sql<{ keys: number; audit: number }>`
    select (select count(*) from api_key)::int as keys, (select count(*) from audit_log)::int as audit
  `.execute(gateway.database.db);
  return rows[0]!;
}

const prefixOf = (key: string) => key.split('_')[1]!;

describe('API keys through GraphQL', () => {
  test('an editor creates a key: shown once, it works at once, the list shows it but never the key or its hash', async ({ cached }) => {
    const editor = await cached.createKey(['editor'], 'Desk');
    const { status, body } = await cached.execute(createKey, { input: { name: '  Partner X ', scopes: ['PARTNER'], rateLimit: 600 } }, { key: editor });
    expect(status).toBe(200);
    const { secret, apiKey, errors: refused } = body.data.createApiKey;
    expect(refused).toEqual([]);
    expect(secret).toMatch(/^cgw_[a-z0-9]{10}_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toEqual({
      name: 'Partner X',
      prefix: prefixOf(secret),
      scopes: ['PARTNER'],
      rateLimit: 600,
      createdAt: expect.any(String),
      lastUsedAt: null,
      revokedAt: null,
    });

    const used = await cached.execute(partnerQuery, {}, { key: secret });
    expect(used.status).toBe(200);
    expect(used.body.errors).toBeUndefined();

    const listed = await cached.execute(listKeys, {}, { key: editor });
    expect(listed.body.data.apiKeys.map((key: { name: string }) => key.name)).toEqual(['Desk', 'Partner X']);
    expect(listed.body.data.apiKeys[1].lastUsedAt).not.toBeNull();
    const everything = JSON.stringify(listed.body);
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(hashApiKey(secret));

    // Scopes default to READ.
    const plain = await cached.execute(createKey, { input: { name: 'Reader' } }, { key: editor });
    expect(plain.body.data.createApiKey.apiKey).toMatchObject({ scopes: ['READ'], rateLimit: null });
  });

  test('a revoked key gets 401 on its very next request, cached results or not; revoking twice is refused', async ({ cached }) => {
    const editor = await cached.createKey(['editor']);
    const partner = await cached.createKey(['partner']);
    const first = await cached.execute(partnerQuery, {}, { key: partner });
    expect(first.status).toBe(200);
    const fromCache = await cached.execute(partnerQuery, {}, { key: partner });
    expect(fromCache).toMatchObject({ status: 200, body: first.body, statements: 1 });

    const revoked = await cached.execute(revokeKey, { input: { prefix: prefixOf(partner) } }, { key: editor });
    expect(revoked.body.data.revokeApiKey.errors).toEqual([]);
    expect(revoked.body.data.revokeApiKey.apiKey).toMatchObject({ prefix: prefixOf(partner), revokedAt: expect.any(String) });

    const refused = await cached.execute(partnerQuery, {}, { key: partner });
    expect(refused.status).toBe(401);
    expect(refused.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');

    const again = await cached.execute(revokeKey, { input: { prefix: prefixOf(partner) } }, { key: editor });
    expect(again.body.data.revokeApiKey).toEqual({
      apiKey: null,
      errors: [{ path: ['prefix'], code: 'NOT_FOUND', message: 'no working key has this prefix (unknown, or already revoked)' }],
    });
  });

  test('without the editor scope: FORBIDDEN, nothing written, the key named still works', async ({ cached }) => {
    const partner = await cached.createKey(['partner']);
    const reader = await cached.createKey(['read']);
    const before = await rowCounts(cached);

    for (const key of [undefined, reader, partner]) {
      const options = key ? { key } : {};
      const attempts = [
        await cached.execute(createKey, { input: { name: 'Sneaky', scopes: ['EDITOR'] } }, options),
        await cached.execute(revokeKey, { input: { prefix: prefixOf(partner) } }, options),
        await cached.execute(listKeys, {}, options),
      ];
      for (const { body } of attempts) {
        expect(body.errors.map((error: { extensions: { code: string } }) => error.extensions.code)).toEqual(['FORBIDDEN']);
        expect(body.data).toBeNull();
      }
    }

    expect(await rowCounts(cached)).toEqual(before);
    expect((await cached.execute(partnerQuery, {}, { key: partner })).status).toBe(200);
  });

  test('invalid input: errors in the payload, with the field and a code, and nothing written', async ({ cached }) => {
    const editor = await cached.createKey(['editor']);
    const before = await rowCounts(cached);
    const refusals = [
      [{ name: '  ' }, [{ path: ['name'], code: 'REQUIRED' }]],
      [{ name: 'x'.repeat(201) }, [{ path: ['name'], code: 'TOO_LONG' }]],
      [{ name: 'No scope', scopes: [] }, [{ path: ['scopes'], code: 'TOO_SHORT' }]],
      [
        { name: 'Zero', rateLimit: 0 },
        [{ path: ['rateLimit'], code: 'TOO_SHORT', message: 'must be a positive whole number of requests' }],
      ],
    ] as const;
    for (const [input, expected] of refusals) {
      const { body } = await cached.execute(createKey, { input }, { key: editor });
      expect(body.data.createApiKey).toMatchObject({ secret: null, apiKey: null, errors: expected });
    }
    const badPrefix = await cached.execute(revokeKey, { input: { prefix: 'cgw_abc' } }, { key: editor });
    expect(badPrefix.body.data.revokeApiKey.errors).toMatchObject([{ path: ['prefix'], code: 'INVALID_FORMAT' }]);

    expect(await rowCounts(cached)).toEqual(before);
  });

  test('every create and revoke has its audit row, which never holds the key or its hash', async ({ cached }) => {
    const editor = await cached.createKey(['editor'], 'Audit desk');
    const { body } = await cached.execute(createKey, { input: { name: 'Audited', scopes: ['READ', 'PARTNER'] } }, { key: editor });
    const { secret } = body.data.createApiKey;
    await cached.execute(revokeKey, { input: { prefix: prefixOf(secret) } }, { key: editor });

    const { rows } = await sql<{ action: string; actor: string; key_prefix: string; entity_type: string; details: unknown }>`
      select action, actor, key_prefix, entity_type, details from audit_log where entity_type = 'api_key' and actor = 'Audit desk' order by id
    `.execute(cached.database.db);
    expect(rows).toEqual([
      {
        action: 'api-key.create',
        actor: 'Audit desk',
        key_prefix: prefixOf(editor),
        entity_type: 'api_key',
        details: { input: { name: 'Audited', scopes: ['read', 'partner'] } },
      },
      {
        action: 'api-key.revoke',
        actor: 'Audit desk',
        key_prefix: prefixOf(editor),
        entity_type: 'api_key',
        details: { input: { prefix: prefixOf(secret) } },
      },
    ]);
    const stored = JSON.stringify(rows);
    // The random part is all that follows `cgw_<prefix>_`: it may itself hold underscores.
    const randomPart = secret.slice('cgw_'.length + 11);
    expect(randomPart).toHaveLength(43);
    for (const secretPart of [secret, hashApiKey(secret), randomPart]) expect(stored).not.toContain(secretPart);
  });
});
