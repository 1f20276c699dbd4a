import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { PRODUCTION_NODE_FLAGS } from '../scripts/production-command.js';
import { freePort, gatewayEnv, stopChild } from './production-gateway.js';
import { cpuMicrosOf, rssBytesOf } from './process-stats.js';

// `npm run bench -- --startup`: how long `node dist/main.js` takes from its launch to its first
// answer (the seed story), on embedded PGlite: cold on an empty data folder (first start: the
// database made, migrated and seeded), then warm restarts on that folder. CPU time is shown
// too: on a busy machine it moves less than the wall clock.

const RUNS = 3;
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const SEED_STORY = JSON.stringify({ query: '{ article(slug: "ia-mega-data-center-valence-sesterce") { title } }' });

interface Start {
  kind: 'cold' | 'warm';
  seconds: number;
  cpuSeconds: number;
  idleRssMb: number;
}

async function seedStoryAnswered(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: SEED_STORY });
    return Boolean((await response.json()).data?.article?.title);
  } catch {
    return false;
  }
}

async function startOnce(kind: Start['kind'], dataDir: string): Promise<Start> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [...PRODUCTION_NODE_FLAGS, MAIN], {
    env: gatewayEnv({ kind: 'pglite', dataDir }, port),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const url = `http://127.0.0.1:${port}/graphql`;
    while (!(await seedStoryAnswered(url))) {
      if (child.exitCode !== null) throw new Error(`node dist/main.js stopped (exit code ${child.exitCode}) before it answered.`);
      await sleep(10);
    }
    const seconds = (performance.now() - started) / 1000;
    const cpuSeconds = cpuMicrosOf(child.pid!) / 1e6;
    await sleep(1_000);
    return { kind, seconds, cpuSeconds, idleRssMb: rssBytesOf(child.pid!) / 2 ** 20 };
  } finally {
    await stopChild(child);
  }
}

export async function measureStartup(log: (line: string) => void): Promise<string> {
  const starts: Start[] = [];
  const folders: string[] = [];
  try {
    for (let run = 1; run <= RUNS; run += 1) {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'gateway-startup-'));
      folders.push(dataDir);
      log(`Cold start ${run}/${RUNS}`);
      starts.push(await startOnce('cold', dataDir));
    }
    for (let run = 1; run <= RUNS; run += 1) {
      log(`Warm restart ${run}/${RUNS}`);
      starts.push(await startOnce('warm', folders.at(-1)!));
    }
  } finally {
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
  }
  const rows = starts.map(
    ({ kind, seconds, cpuSeconds, idleRssMb }) =>
      `${kind.padEnd(5)}  ${seconds.toFixed(2).padStart(8)}  ${cpuSeconds.toFixed(2).padStart(6)}  ${idleRssMb.toFixed(0).padStart(11)}`,
  );
  return [
    'Start-up of `node dist/main.js` on PGlite, to the first answer (the seed story)',
    'cold: empty data folder (copy of the build\'s migrated template, then the demo content); warm: restart on it',
    '',
    'start  seconds  CPU s  idle RSS MB',
    '-----  -------  -----  -----------',
    ...rows,
  ].join('\n');
}
