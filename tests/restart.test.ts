import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, test } from 'vitest';

// The real server process on embedded PGlite: first start loads the demo content, SIGTERM
// stops it cleanly, and the next start finds everything that was there.
interface RunningServer {
  child: ChildProcess;
  url: string;
  logLines: string[];
}

const tsx = path.resolve('node_modules/.bin/tsx');

function startServer(dataDir: string): Promise<RunningServer> {
  const child = spawn(tsx, ['src/main.ts'], {
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const logLines: string[] = [];
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before it was ready`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const message: string = JSON.parse(line).msg;
      logLines.push(message);
      const ready = /GraphiQL ready at (\S+)/.exec(message);
      if (ready) resolve({ child, url: ready[1]!, logLines });
    });
  });
}

function stopServer(server: RunningServer): Promise<number | null> {
  return new Promise((resolve) => {
    server.child.once('exit', (code) => resolve(code));
    server.child.kill('SIGTERM');
  });
}

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
