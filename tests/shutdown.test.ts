import { spawn, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, test } from 'vitest';

// SIGTERM under keep-alive traffic: the server stops within its drain time whatever the clients
// do (it tells them to close rather than wait for the deadline), and `kill -TERM` on
// `npm start` reaches the server itself. The server runs as a newcomer starts it, `npm start`, on a PGlite folder.

interface Started {
  npm: ChildProcess;
  url: URL;
  serverPid: number;
  logLines: string[];
}

function npmStart(env: Record<string, string>): Promise<Started> {
  const npm = spawn('npm', ['start', '--silent'], {
    env: { ...process.env, PORT: '0', DATABASE_URL: '', LOG_LEVEL: 'info', SEED_DEMO: 'false', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const logLines: string[] = [];
  return new Promise((resolve, reject) => {
    npm.once('exit', (code) => reject(new Error(`npm start exited with ${code} before the server was ready`)));
    createInterface({ input: npm.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const { msg, pid } = JSON.parse(line) as { msg: string; pid: number };
      logLines.push(msg);
      const ready = /GraphiQL ready at (\S+)/.exec(msg);
      if (ready) resolve({ npm, url: new URL(ready[1]!), serverPid: pid, logLines });
    });
  });
}

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
    const dataDir = await mkdtemp(path.join(tmpdir(), 'gateway-shutdown-'));
    folders.push(dataDir);
    const started = await npmStart({ DATA_DIR: dataDir, SHUTDOWN_TIMEOUT_MS: '3000', RATE_LIMIT: 'false' });
    const npmExited = new Promise<void>((resolve) => started.npm.once('exit', () => resolve()));

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

    started.npm.kill('SIGTERM');
    await npmExited;
    load.stop();
    await loadDone;
    while (isRunning(started.serverPid)) await new Promise((resolve) => setTimeout(resolve, 50));

    expect(started.logLines.some((line) => line.startsWith('SIGTERM: finishing in-flight requests'))).toBe(true);
    expect(started.logLines).toContain('stopped cleanly');
    // The clients were told to close (or their idle connections closed): nothing had to be cut.
    expect(started.logLines).not.toContain('drain time over: the remaining connections were closed');
  }, 60_000);

  test('a port already in use: one line that says what to do, exit code 1, no stack trace', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'gateway-port-'));
    folders.push(dataDir);
    const first = await npmStart({ DATA_DIR: dataDir });
    const second = spawn(path.resolve('node_modules/.bin/tsx'), ['src/main.ts'], {
      env: { ...process.env, PORT: first.url.port, DATA_DIR: path.join(dataDir, 'other'), DATABASE_URL: '', SEED_DEMO: 'false', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    second.stderr!.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => second.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([`The gateway could not start: 127.0.0.1:${first.url.port} is already in use (another gateway?): stop it, or set PORT to a free port`]);

    const badSetting = spawn(path.resolve('node_modules/.bin/tsx'), ['src/main.ts'], { env: { ...process.env, PORT: 'eighty' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let badStderr = '';
    badSetting.stderr!.on('data', (chunk) => (badStderr += chunk));
    expect(await new Promise((resolve) => badSetting.once('exit', resolve))).toBe(1);
    expect(badStderr.trim().split('\n')).toHaveLength(1);
    expect(badStderr).toMatch(/^The gateway could not start: Invalid configuration:.*PORT/);

    const exited = new Promise((resolve) => first.npm.once('exit', resolve));
    first.npm.kill('SIGTERM');
    await exited;
  }, 60_000);
});
