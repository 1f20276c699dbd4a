import autocannon from 'autocannon';
import { cpuMsBetween, type DatabaseCpu } from './database-cpu.js';
import type { ServerChild } from './server-child.js';

export interface LoadSettings {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

/** One scenario on one server: what the table, the JSON file and the chart show. */
export interface Measurement {
  scenario: string;
  server: 'gateway' | 'baseline';
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  statementsPerRequest: number;
  /** Server CPU (user + system) per request: what a request costs in Node, whatever the wait. */
  serverCpuMsPerRequest: number;
  /** Main-thread garbage collection pauses per request, part of the server's wall time (and of its CPU). */
  gcMsPerRequest: number;
  /** PostgreSQL's CPU per request (bench/database-cpu.ts); null on PGlite, where it is in the server's. */
  databaseCpuMsPerRequest: number | null;
  peakRssMb: number;
  requests: number;
  /** Connection errors and timeouts. */
  errors: number;
  non2xx: number;
}

interface LoadRun {
  result: autocannon.Result;
  /** Every 2xx response time in ms: autocannon's own histogram keeps whole milliseconds only. */
  latenciesMs: number[];
}

export function load(url: string, body: string, connections: number, durationSeconds: number): Promise<LoadRun> {
  const latenciesMs: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections, duration: durationSeconds },
      (error, result) => (error ? reject(error) : resolve({ result, latenciesMs })),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latenciesMs.push(responseTime);
    });
  });
}

/** Nearest-rank percentile of ascending values. */
function percentile(sorted: number[], fraction: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

/** Warms the server up (JIT, pool, plans), then measures it; server figures come from the child. */
export async function measure(
  server: ServerChild,
  identity: Pick<Measurement, 'scenario' | 'server'>,
  body: string,
  settings: LoadSettings,
  databaseCpu: DatabaseCpu | null,
): Promise<Measurement> {
  await load(server.url, body, settings.connections, settings.warmupSeconds);
  const before = await server.stats();
  const databaseBefore = await databaseCpu?.sample();
  const { result, latenciesMs } = await load(server.url, body, settings.connections, settings.durationSeconds);
  const after = await server.stats();
  const databaseAfter = await databaseCpu?.sample();
  const served = Math.max(1, after.requests - before.requests);
  const sorted = latenciesMs.sort((left, right) => left - right);
  return {
    ...identity,
    requestsPerSecond: result.requests.average,
    latencyP50Ms: percentile(sorted, 0.5),
    latencyP99Ms: percentile(sorted, 0.99),
    statementsPerRequest: (after.statements - before.statements) / served,
    serverCpuMsPerRequest: (after.cpuMicros - before.cpuMicros) / 1000 / served,
    gcMsPerRequest: (after.gcMicros - before.gcMicros) / 1000 / served,
    databaseCpuMsPerRequest: databaseBefore && databaseAfter ? cpuMsBetween(databaseBefore, databaseAfter) / served : null,
    peakRssMb: after.peakRssBytes / 2 ** 20,
    requests: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}
