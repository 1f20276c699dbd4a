import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { startServer, stopServer } from './support/server-process.js';

// The real server process on embedded PGlite: first start loads the demo content, SIGTERM
// stops it cleanly, and the next start finds everything that was there.

async function countContent(url: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ articles { totalCount } people { totalCount } projects(filter: { showcase: true }) { totalCount } }' }),
  });
  return (await response.json()).data;
}

describe.skipIf(process.env.TEST_DATABASE_URL)('the server on embedded PGlite', () => {
  const folders: string[] = [];
  afterAll(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

  test('loads the demo content once, stops cleanly on SIGTERM and loses nothing on restart', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'gateway-data-'));
    folders.push(dataDir);

    const first = await startServer(dataDir);
    expect(first.logLines.some((line) => line.startsWith('Empty database: loaded 3 seed articles'))).toBe(true);
    const before = await countContent(first.url);
    expect(before.articles.totalCount).toBeGreaterThan(3);
    expect(before.projects.totalCount).toBeGreaterThan(0);
    expect(await stopServer(first)).toBe(0);
    expect(first.logLines).toContain('stopped cleanly');

    const second = await startServer(dataDir);
    expect(second.logLines.some((line) => line.startsWith('Empty database'))).toBe(false);
    expect(await countContent(second.url)).toEqual(before);
    expect(await stopServer(second)).toBe(0);
  }, 60_000);
});
