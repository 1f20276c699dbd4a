import autocannon from 'autocannon';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { migratedDataDir, runToEnd, startServer, stopServer } from './support/server-process.js';

// SIGTERM under keep-alive traffic: the server stops within its drain time whatever the clients
// do (it tells them to close rather than wait for the deadline), and `kill -TERM` on
// `npm start` reaches the server itself. The server runs as a newcomer starts it, `npm start`, on a PGlite folder.

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(process.env.TEST_DATABASE_URL)('stopping under load', () => {
  const folders: string[] = [];
  afterAll(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

  test('kill -TERM on npm start: keep-alive clients are told to close, the server exits cleanly, no process is left', async () => {
    const dataDir = await migratedDataDir('gateway-shutdown-');
    folders.push(dataDir);
    const started = await startServer(dataDir, { viaNpm: true, env: { SEED_DEMO: 'false', SHUTDOWN_TIMEOUT_MS: '3000', RATE_LIMIT: 'false' } });
    const npmExited = new Promise<void>((resolve) => started.child.once('exit', () => resolve()));

    // Fifty kept-alive connections sending as fast as answers come (autocannon, as the issue's
    // load did), until the server stops answering them.
    let loadFinished!: () => void;
    const load = autocannon(
      { url: new URL(`/graphql?query=${encodeURIComponent('{ articles(first: 5) { totalCount } }')}`, started.url).toString(), connections: 50, duration: 30 },
      () => loadFinished(),
    );
    const loadDone = new Promise<void>((resolve) => (loadFinished = resolve));
    let answered = 0;
    load.on('response', () => (answered += 1));
    while (answered < 200) await new Promise((resolve) => setTimeout(resolve, 20));

    started.child.kill('SIGTERM');
    await npmExited;
    load.stop();
    await loadDone;
    while (isRunning(started.serverPid)) await new Promise((resolve) => setTimeout(resolve, 50));

    expect(started.logLines.some((line) => line.startsWith('SIGTERM: finishing in-flight requests'))).toBe(true);
    expect(started.logLines).toContain('stopped cleanly');
    // The clients were told to close (or their idle connections closed): nothing had to be cut.
    expect(started.logLines).not.toContain('drain time over: the remaining connections were closed');
  }, 60_000);

  test('a port already in use: refused before the database is opened, one line that says what to do, exit code 1, no stack trace', async () => {
    const dataDir = await migratedDataDir('gateway-port-');
    folders.push(dataDir);
    // A bad setting needs no running server: it is tried while the first one starts.
    const [first, badSetting] = await Promise.all([
      startServer(dataDir, { env: { SEED_DEMO: 'false' } }),
      runToEnd('src/main.ts', [], path.join(dataDir, 'other'), { PORT: 'eighty' }),
    ]);
    try {
      expect(badSetting.code).toBe(1);
      expect(badSetting.stderr.trim().split('\n')).toHaveLength(1);
      expect(badSetting.stderr).toMatch(/^The gateway could not start: Invalid configuration:.*PORT/);

      const port = new URL(first.url).port;
      const second = await runToEnd('src/main.ts', [], path.join(dataDir, 'other'), { PORT: port, SEED_DEMO: 'false', LOG_LEVEL: 'warn' });
      expect(second.code).toBe(1);
      expect(second.stderr.trim().split('\n')).toEqual([
        `The gateway could not start: 127.0.0.1:${port} is already in use (another gateway?): stop it, or set PORT to a free port`,
      ]);
      // Said at once: the database was never opened (nor created, nor migrated) before the refusal.
      expect(existsSync(path.join(dataDir, 'other'))).toBe(false);
    } finally {
      await stopServer(first);
    }
  }, 60_000);
});
