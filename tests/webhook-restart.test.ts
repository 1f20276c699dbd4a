import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, test } from 'vitest';
import { migratedDataDir, runToEnd, startServer, stopServer, type RunningServer } from './support/server-process.js';

// The real server process: an event written while this gateway's worker is off (or just before
// it stopped) is delivered by the next gateway started on the same data, and SIGTERM stops the
// worker cleanly.

async function graphql(url: string, key: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()).data;
}

describe.skipIf(process.env.TEST_DATABASE_URL)('webhooks across a restart of the server', () => {
  const folders: string[] = [];
  const servers: RunningServer[] = [];
  // A failed step leaves no server running on a deleted folder.
  afterAll(async () => {
    for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGKILL');
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
  });

  test('an event queued before a restart is delivered after it', async () => {
    const dataDir = await migratedDataDir('gateway-webhooks-');
    folders.push(dataDir);
    const bodies: string[] = [];
    const receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        bodies.push(body);
        response.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

    const created = await runToEnd('scripts/apikey.ts', ['create', '--name', 'Desk', '--scopes', 'editor'], dataDir);
    expect(created.code).toBe(0);
    const key = created.stdout.trim().split('\n').at(-1)!;

    const first = await startServer(dataDir, { env: { WEBHOOK_WORKER: 'false' } });
    servers.push(first);
    const registered = await graphql(first.url, key, `mutation ($url: String!) { createWebhook(input: { url: $url, events: ["article.published"] }) { errors { code } } }`, { url: hook });
    expect(registered.createWebhook.errors).toEqual([]);
    const draft = await graphql(first.url, key, `mutation { createArticle(input: { kind: EXPERT, title: "Publié avant le redémarrage", language: "fr" }) { article { id version } } }`);
    const { id, version } = draft.createArticle.article;
    await graphql(first.url, key, `mutation ($input: ArticleStatusInput!) { publishArticle(input: $input) { errors { code } } }`, { input: { id, version } });
    expect(await stopServer(first)).toBe(0);
    expect(bodies).toHaveLength(0);

    const second = await startServer(dataDir, { env: { WEBHOOK_POLL_INTERVAL_MS: '50' } });
    servers.push(second);
    while (bodies.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await stopServer(second)).toBe(0);
    expect(second.logLines).toContain('stopped cleanly');
    expect(bodies.map((body) => JSON.parse(body))).toMatchObject([{ event: 'article.published', data: { id } }]);
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }, 240_000);
});
