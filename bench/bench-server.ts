import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PerformanceObserver } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

// The child side of a server under load: it serves on an ephemeral port and answers the bench
// process over IPC, so that nothing bench-only sits on the HTTP path being measured.

/** Counters since the process started; the bench subtracts two readings. */
export interface ServerStats {
  requests: number;
  statements: number;
  /** User + system CPU of this process, in microseconds. */
  cpuMicros: number;
  /** Time the process's main thread spent in garbage collection pauses, in microseconds. */
  gcMicros: number;
  /** Highest resident set size seen since the previous reading. */
  peakRssBytes: number;
}

export type ParentMessage = { type: 'stats' } | { type: 'stop' };
export type ChildMessage = { type: 'ready'; port: number } | { type: 'stats'; stats: ServerStats };

export interface ServedBackend {
  statementCount(): number;
  close(): Promise<void>;
}

// Sampled rather than read from VmHWM, which cannot tell one scenario's peak from the previous
// one's. Reading RSS costs a /proc read: every 100 ms keeps it out of the profile.
const RSS_SAMPLE_INTERVAL_MS = 100;
const SETTLE_TIMEOUT_MS = 5_000;
const QUIET_MS = 50;

export async function serveForBench(handler: RequestListener, backend: ServedBackend): Promise<void> {
  const send = (message: ChildMessage) => process.send!(message);
  let requests = 0;
  let inFlight = 0;
  let peakRss = process.memoryUsage.rss();
  let gcMicros = 0;
  const gcPauses = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMicros += entry.duration * 1000;
  });
  gcPauses.observe({ entryTypes: ['gc'] });
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, RSS_SAMPLE_INTERVAL_MS);

  const server = createServer((request, response) => {
    requests += 1;
    inFlight += 1;
    response.once('close', () => {
      inFlight -= 1;
    });
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  // A request the load generator gave up on at its end keeps sending statements after its
  // connection closed: wait until nothing is in flight and the statement count holds still,
  // so that the statements of a window belong to the requests of that window.
  async function settledStats(): Promise<ServerStats> {
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    let statements = -1;
    while ((inFlight > 0 || statements !== backend.statementCount()) && Date.now() < deadline) {
      statements = backend.statementCount();
      await sleep(QUIET_MS);
    }
    const { user, system } = process.cpuUsage();
    const stats = { requests, statements: backend.statementCount(), cpuMicros: user + system, gcMicros, peakRssBytes: peakRss };
    peakRss = process.memoryUsage.rss();
    return stats;
  }

  let stopping = false;
  async function stop() {
    if (stopping) return;
    stopping = true;
    clearInterval(sampler);
    gcPauses.disconnect();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    // PGlite must close cleanly, or its data folder needs recovery at the next start.
    await backend.close();
    process.exit(0);
  }

  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stats') void settledStats().then((stats) => send({ type: 'stats', stats }));
    if (message.type === 'stop') void stop();
  });
  // The bench process died or was interrupted: do not outlive it.
  process.on('disconnect', () => void stop());
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  send({ type: 'ready', port: (server.address() as AddressInfo).port });
}
