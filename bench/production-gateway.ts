import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DatabaseTarget } from '../src/db/connect.js';
import { PRODUCTION_NODE_FLAGS } from '../scripts/production-command.js';
import type { ServerStats } from './bench-server.js';
import { cpuMicrosOf, rssBytesOf } from './process-stats.js';
import type { ServerChild } from './server-child.js';

// The gateway under load runs as it is deployed: `node <PRODUCTION_NODE_FLAGS> dist/main.js`, NODE_ENV=production,
// configured by its environment, nothing bench-only inside it. What the bench reads about it
// comes from outside: CPU and RSS from /proc (Linux), requests and SQL statements from its
// /metrics (gateway_requests_total, gateway_sql_statements_per_request, nodejs_gc_duration_seconds).

const ROOT = new URL('../', import.meta.url);
const MAIN = fileURLToPath(new URL('dist/main.js', ROOT));
const RSS_SAMPLE_INTERVAL_MS = 100;
const READY_TIMEOUT_MS = 120_000;
const SETTLE_TIMEOUT_MS = 5_000;
const QUIET_MS = 50;

/** `npm run build`, so that the bench measures the code as it is now. */
export function buildProduction(): void {
  const build = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('scripts/build.ts', ROOT))], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error(`npm run build failed (exit code ${build.status}).`);
}

/** The environment that points `node dist/main.js` at the target, on `port`. */
export function gatewayEnv(target: DatabaseTarget, port: number, env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const database =
    target.kind === 'postgres'
      ? { DATABASE_URL: target.url, DB_POOL_SIZE: String(target.poolSize) }
      : { DATABASE_URL: '', DATA_DIR: target.dataDir };
  return { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'error', ...database, ...env };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves once `url` answers, rejects if the process exits first. */
export async function untilAnswering(child: ChildProcess, url: string, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`The gateway stopped before it answered (exit code ${exited}).`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(20);
  }
  throw new Error(`The gateway did not answer ${url} within ${timeoutMs / 1000} s.`);
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  return exited;
}

/** The requests and statements the gateway counted, and its GC pauses, from its Prometheus text. */
function countsFrom(metrics: string): { requests: number; statements: number; gcMicros: number } {
  let requests = 0;
  let statements = 0;
  let gcSeconds = 0;
  for (const line of metrics.split('\n')) {
    const value = () => Number(line.slice(line.lastIndexOf(' ') + 1));
    if (line.startsWith('gateway_requests_total{')) requests += value();
    if (line.startsWith('gateway_sql_statements_per_request_sum ')) statements = value();
    // One sum per kind of collection (minor, major, incremental...).
    if (line.startsWith('nodejs_gc_duration_seconds_sum{')) gcSeconds += value();
  }
  return { requests, statements, gcMicros: gcSeconds * 1e6 };
}

/** Starts `node dist/main.js` (built beforehand) on the target; `env` adds settings (RESPONSE_CACHE...). */
export async function startProductionGateway(
  target: DatabaseTarget,
  env: NodeJS.ProcessEnv,
  cpuProfileDir?: string,
): Promise<ServerChild & { idleRssMb: number }> {
  const port = await freePort();
  const profiling = cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfileDir] : [];
  const child = spawn(process.execPath, [...PRODUCTION_NODE_FLAGS, ...profiling, MAIN], { env: gatewayEnv(target, port, env), stdio: ['ignore', 'inherit', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  try {
    await untilAnswering(child, `${base}/healthz`);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  const pid = child.pid!;
  // Idle: started, nothing asked yet but the health check.
  await sleep(1_000);
  const idleRssMb = rssBytesOf(pid) / 2 ** 20;
  let peakRss = rssBytesOf(pid);
  const sampler = setInterval(() => {
    if (child.exitCode === null) peakRss = Math.max(peakRss, rssBytesOf(pid));
  }, RSS_SAMPLE_INTERVAL_MS);

  const counts = async () => countsFrom(await (await fetch(`${base}/metrics`)).text());
  return {
    url: `${base}/graphql`,
    pid,
    idleRssMb,
    // A request the load generator gave up on at its end may still be running: wait until the
    // counts hold still, so that the statements of a window belong to the requests of that window.
    async stats(): Promise<ServerStats> {
      const deadline = Date.now() + SETTLE_TIMEOUT_MS;
      let previous = await counts();
      let current = previous;
      do {
        previous = current;
        await sleep(QUIET_MS);
        current = await counts();
      } while ((current.requests !== previous.requests || current.statements !== previous.statements) && Date.now() < deadline);
      const stats = { ...current, cpuMicros: cpuMicrosOf(pid), peakRssBytes: peakRss };
      peakRss = rssBytesOf(pid);
      return stats;
    },
    async stop() {
      clearInterval(sampler);
      await stopChild(child);
    },
  };
}
