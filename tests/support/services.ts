import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';

// Tests that need something beyond Node and the database (a Redis server, a browser) bring it
// up themselves when its binary is installed, and otherwise skip with the reason printed, so
// that `npm ci && npm test` passes on a machine with nothing running. CI sets
// REQUIRE_TEST_SERVICES=1: there a missing service fails the file instead of skipping it.

/**
 * True when the tests of a service can run. `missing` says why not (null: nothing missing);
 * it is printed and the tests skipped, or, under REQUIRE_TEST_SERVICES=1, thrown.
 */
export function serviceAvailable(missing: string | null): boolean {
  if (missing === null) return true;
  if (process.env.REQUIRE_TEST_SERVICES === '1') throw new Error(`REQUIRE_TEST_SERVICES=1 and ${missing}`);
  console.warn(`skipped: ${missing}`);
  return false;
}

/** The path of an executable: `name` as given when it holds a slash, else found on PATH. */
export function findExecutable(name: string): string | null {
  const candidates = name.includes('/') ? [name] : (process.env.PATH ?? '').split(path.delimiter).map((folder) => path.join(folder, name));
  return (
    candidates.find((candidate) => {
      try {
        accessSync(candidate, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    }) ?? null
  );
}

/** A port nothing listens on right now, for a server of the test's own. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

/**
 * A private redis-server for one test file: its own port, on the loopback address, nothing
 * written to disk; `stop` ends it. Resolves once it accepts connections.
 */
export async function startRedisServer(binary: string): Promise<TestRedis> {
  const port = await freePort();
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code} before it was ready`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (/ready to accept connections/i.test(line)) resolve();
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Why a file cannot have Redis here (neither REDIS_TEST_URL nor redis-server), or null. */
export function redisMissing(file: string): string | null {
  if (process.env.REDIS_TEST_URL || findExecutable('redis-server')) return null;
  return `${file} needs redis-server on PATH (apt-get install redis-server) or REDIS_TEST_URL`;
}

/** Redis for a test file: the server at REDIS_TEST_URL when set, else a private redis-server. */
export async function openTestRedis(): Promise<TestRedis> {
  const url = process.env.REDIS_TEST_URL;
  if (url) return { url, stop: async () => {} };
  return startRedisServer(findExecutable('redis-server')!);
}
