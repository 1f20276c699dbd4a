import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { LOCK_FILE } from '../src/db/data-dir-lock.js';
import { migratedDataDir, runToEnd, startServer, stopServer, type ProcessOutcome } from './support/server-process.js';

// While the gateway serves a PGlite folder, every script (and a second gateway) that would open
// the same folder refuses before touching it, with one line that says what to do; the gateway
// goes on serving what it had. Once it stops, the scripts work on the folder again.

async function post(url: string, key: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: await response.json() };
}

/** What the running gateway holds: its articles, and its keys as the editor sees them. */
async function snapshot(url: string, key: string) {
  const { status, body } = await post(url, key, /* GraphQL */ `{ articles { totalCount } apiKeys { name prefix revokedAt } }`);
  expect(status).toBe(200);
  return body.data;
}

/** The one line a refused script prints: no stack trace, nothing else. */
function refusal(outcome: ProcessOutcome): string {
  expect(outcome.code).not.toBe(0);
  expect(outcome.code).not.toBeNull();
  const lines = outcome.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe.skipIf(process.env.TEST_DATABASE_URL)('scripts on the PGlite folder the gateway serves', () => {
  const folders: string[] = [];
  afterAll(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

  test('refuse before touching it, with one line; after the gateway stops they work', async () => {
    const dataDir = await migratedDataDir('gateway-owner-');
    folders.push(dataDir);

    const created = await runToEnd('scripts/apikey.ts', ['create', '--name', 'Desk', '--scopes', 'editor'], dataDir);
    expect(created.code).toBe(0);
    const editorKey = created.stdout.trim().split('\n').at(-1)!;
    const prefix = /^cgw_([a-z0-9]{10})_/.exec(editorKey)![1]!;

    const server = await startServer(dataDir);
    try {
      const before = await snapshot(server.url, editorKey);
      const inUse = `${dataDir} is in use by the gateway (pid `;
      const [create, list, revoke, imported, migrate, seed, secondGateway] = await Promise.all([
        runToEnd('scripts/apikey.ts', ['create', '--name', 'Partner', '--scopes', 'partner'], dataDir),
        runToEnd('scripts/apikey.ts', ['list'], dataDir),
        runToEnd('scripts/apikey.ts', ['revoke', prefix], dataDir),
        runToEnd('scripts/import.ts', ['src/content/seed/seed-article.json'], dataDir),
        runToEnd('scripts/migrate.ts', [], dataDir),
        runToEnd('scripts/seed-synthetic.ts', ['--articles', '5'], dataDir),
        runToEnd('src/main.ts', [], dataDir),
      ]);

      for (const script of [create, list, revoke]) {
        expect(refusal(script)).toMatch(
          /is in use by the gateway \(pid \d+\): stop it first, or manage keys through its GraphQL API \(apiKeys, createApiKey, revokeApiKey\)$/,
        );
        expect(refusal(script).startsWith(inUse)).toBe(true);
      }
      expect(refusal(migrate)).toMatch(/: stop it first, or restart it: the gateway migrates the database when it starts$/);
      for (const script of [imported, migrate, seed]) expect(refusal(script).startsWith(inUse)).toBe(true);
      for (const script of [create, list, revoke, imported, seed]) expect(script.stdout).toBe('');

      // The second gateway says so in one line and exits.
      expect(secondGateway.code).toBe(1);
      expect(refusal(secondGateway)).toMatch(/^The gateway could not start: .* is in use by the gateway \(pid \d+\): stop it first$/);

      // Nothing changed: the key that `revoke` named still works, no key or article came in.
      expect(await snapshot(server.url, editorKey)).toEqual(before);
      expect(before.apiKeys).toEqual([{ name: 'Desk', prefix, revokedAt: null }]);

      // What the refusal points to: keys managed through the gateway work at once.
      const created = await post(server.url, editorKey, /* GraphQL */ `mutation { createApiKey(input: { name: "Partner" }) { secret } }`);
      const partnerKey: string = created.body.data.createApiKey.secret;
      expect((await post(server.url, partnerKey, /* GraphQL */ `{ articles { totalCount } }`)).status).toBe(200);
    } finally {
      expect(await stopServer(server)).toBe(0);
    }
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);

    // Once the gateway stopped, the scripts work, and find everything it wrote.
    const listed = await runToEnd('scripts/apikey.ts', ['list'], dataDir);
    expect(listed.code).toBe(0);
    const rows = listed.stdout.trim().split('\n').slice(1);
    expect(rows.map((row) => row.split(/\s{2,}/).slice(1, 3))).toEqual([
      ['Desk', 'editor'],
      ['Partner', 'read'],
    ]);
  }, 90_000);
});
