import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runToEnd, startServer, stopServer } from './support/server-process.js';

// The production build (`npm run build`, then `node dist/main.js`): it starts without tsx,
// finds its migrated templates (with the demo content, or without), answers, and stops on SIGTERM itself
// (no npm or tsx between the signal and the server). Built once, into a folder of its own.

const SEED_STORY = '{ article(slug: "ia-mega-data-center-valence-sesterce") { title people { edges { node { fullName } } } } }';

describe.skipIf(process.env.TEST_DATABASE_URL)('the production build', () => {
  const folders: string[] = [];
  let main: string;
  beforeAll(async () => {
    // Inside the project, where the bundle's imports find node_modules.
    await mkdir(path.join('node_modules', '.cache'), { recursive: true });
    const out = await mkdtemp(path.join('node_modules', '.cache', 'gateway-build-'));
    folders.push(out);
    const build = await runToEnd('scripts/build.ts', [out], 'unused', {}, 90_000);
    expect(build.code, build.stderr).toBe(0);
    main = path.join(out, 'main.js');
  }, 120_000);
  afterAll(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

  test('node dist/main.js serves the seed story from an empty folder and stops cleanly on SIGTERM', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'gateway-data-'));
    folders.push(dataDir);
    const server = await startServer(dataDir, { built: main });
    // The process that was started is the server: a signal to it reaches the server.
    expect(server.serverPid).toBe(server.child.pid);
    expect(server.logLines.some((line) => line.startsWith('Empty database: loaded 3 seed articles'))).toBe(true);
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: SEED_STORY }),
    });
    const { data } = await response.json();
    expect(data.article.title).toMatch(/Valence/);
    expect(data.article.people.edges.length).toBeGreaterThan(0);
    expect(await stopServer(server)).toBe(0);
    expect(server.logLines).toContain('stopped cleanly');
  }, 60_000);

  test('with SEED_DEMO=false a first start copies the migrated template without the demo content', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'gateway-data-'));
    folders.push(dataDir);
    const server = await startServer(dataDir, { built: main, env: { SEED_DEMO: 'false' } });
    expect(server.logLines.some((line) => line.startsWith('Empty database'))).toBe(false);
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ articles(first: 1) { totalCount } sources(first: 1) { totalCount } }' }),
    });
    const { data } = await response.json();
    expect(data).toEqual({ articles: { totalCount: 0 }, sources: { totalCount: 0 } });
    expect(await stopServer(server)).toBe(0);
  }, 60_000);
});
