import { setTimeout as sleep } from 'node:timers/promises';
import { generateApiKey, type Scope } from '../src/auth/api-key.js';
import { insertApiKey } from '../src/repositories/api-key.js';
import { createTestGateway, describe, expect, test, type TestGateway } from './support/gateway.js';
import { codeOf, postGraphQL } from './support/http.js';

// A one-second window keeps the wait for recovery short.
const LIMITED = {
  RATE_LIMIT: 'true',
  RATE_LIMIT_WINDOW_SECONDS: '1',
  RATE_LIMIT_ANONYMOUS: '3',
  RATE_LIMIT_READ: '4',
  RATE_LIMIT_EDITOR: '6',
  TRUST_PROXY_HOPS: '1',
};
const query = { query: '{ articles(first: 1) { totalCount } }' };

export async function keyWith(gateway: TestGateway, scopes: Scope[], rateLimit: number | null): Promise<string> {
  const material = generateApiKey();
  await insertApiKey(gateway.database.db, { name: `limited ${scopes.join('+')}`, prefix: material.prefix, hash: material.hash, scopes, rate_limit: rateLimit });
  return material.key;
}

// What the gateway gets from one proxy: whatever the client claimed, then the address the
// proxy saw, which is the one that counts with TRUST_PROXY_HOPS=1.
const from = (ip: string) => ({ headers: { 'x-forwarded-for': `203.0.113.250, ${ip}` } });

/** A gateway with tiny budgets, warmed up (from an address of its own) so that each request takes milliseconds. */
async function limitedGateway(gateway: TestGateway, env: Record<string, string> = {}) {
  const limited = await createTestGateway(gateway.database, { ...LIMITED, ...env });
  await postGraphQL(limited.yoga, query, { headers: { 'x-forwarded-for': '192.0.2.254' } });
  return limited;
}

describe('rate limits', () => {
  test('anonymous clients are counted per IP: 429 with Retry-After past the budget, then served again', async ({ gateway }) => {
    const limited = await limitedGateway(gateway);
    for (let i = 0; i < 3; i += 1) {
      const ok = await postGraphQL(limited.yoga, query, from('198.51.100.7'));
      expect(ok.status).toBe(200);
      expect(ok.headers.get('ratelimit-limit')).toBe('3');
      expect(ok.headers.get('ratelimit-remaining')).toBe(String(2 - i));
    }
    const refused = await postGraphQL(limited.yoga, query, from('198.51.100.7'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 3, windowSeconds: 1, retryAfterSeconds: 1 });
    expect(refused.body.data).toBeUndefined();
    // Another address has its own budget.
    expect((await postGraphQL(limited.yoga, query, from('203.0.113.9'))).status).toBe(200);

    await sleep(1_100);
    expect((await postGraphQL(limited.yoga, query, from('198.51.100.7'))).status).toBe(200);
    await limited.yoga.dispose();
  });

  test("keys are counted per key: a key's own rate_limit, else its scope's budget", async ({ gateway }) => {
    const limited = await limitedGateway(gateway);
    const own = await keyWith(gateway, ['partner'], 2);
    const reader = await keyWith(gateway, ['read'], null);
    const editor = await keyWith(gateway, ['editor'], null);
    const until429 = async (key: string) => {
      for (let sent = 1; sent <= 10; sent += 1) {
        const reply = await postGraphQL(limited.yoga, query, { key, ...from('192.0.2.1') });
        if (reply.status === 429) {
          expect(codeOf(reply)).toBe('RATE_LIMITED');
          expect(reply.body.errors[0].message).toContain(key.split('_')[1]);
          return sent - 1;
        }
        expect(reply.status).toBe(200);
      }
      return Infinity;
    };
    expect(await until429(own)).toBe(2);
    expect(await until429(reader)).toBe(4);
    expect(await until429(editor)).toBe(6);
    // Keys do not eat the anonymous budget of the address they come from.
    expect((await postGraphQL(limited.yoga, query, from('192.0.2.1'))).status).toBe(200);
    await limited.yoga.dispose();
  });

  test('wrong keys count against the address: guessing keys is rate limited too', async ({ gateway }) => {
    const limited = await limitedGateway(gateway);
    const wrong = { key: `cgw_abcdefghij_${'x'.repeat(43)}`, ...from('198.51.100.99') };
    for (let i = 0; i < 3; i += 1) expect((await postGraphQL(limited.yoga, query, wrong)).status).toBe(401);
    expect((await postGraphQL(limited.yoga, query, wrong)).status).toBe(429);
    await limited.yoga.dispose();
  });

  test('X-Forwarded-For is ignored unless TRUST_PROXY_HOPS says a proxy sets it', async ({ gateway }) => {
    const direct = await createTestGateway(gateway.database, { ...LIMITED, TRUST_PROXY_HOPS: '0' });
    await postGraphQL(direct.yoga, { query: '{ __typename }' }, { key: await keyWith(gateway, ['read'], null) });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await postGraphQL(direct.yoga, query, from(`198.51.100.${i}`))).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    await direct.yoga.dispose();
  });
});
