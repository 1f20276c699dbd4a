import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { PRODUCTION_NODE_FLAGS } from '../scripts/production-command.js';
import { freePort, gatewayEnv, stopChild } from './production-gateway.js';
import { cpuMicrosOf, rssBytesOf } from './process-stats.js';

// `npm run bench -- --startup`: how long `node dist/main.js`, then `npm start`, take from their
// launch to their first answer (the seed story), on embedded PGlite: cold on an empty data
// folder (first start: the build's migrated template with the demo content copied), then warm restarts on
// that folder. Both run the build made just before (`npm start` as after `npm ci`, whose
// `prepare` step builds). CPU time is shown too: on a busy machine it moves less than the wall clock. For
// `npm start`, CPU counts npm and the gateway; idle RSS is the gateway's alone (npm waits beside it).

const RUNS = 3;
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const SEED_STORY = JSON.stringify({ query: '{ article(slug: "ia-mega-data-center-valence-sesterce") { title } }' });

/** How the gateway is launched: the production build, or as a newcomer does. */
const LAUNCHERS = {
  'node dist/main.js': [process.execPath, ...PRODUCTION_NODE_FLAGS, MAIN],
  'npm start': ['npm', 'start', '--silent'],
} as const;
type Launcher = keyof typeof LAUNCHERS;

/** The process and its descendants (npm, then the gateway it runs), from /proc. */
function processTree(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // Gone.
  }
  return [pid, ...children.flatMap(processTree)];
}

interface Start {
  launcher: Launcher;
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

async function startOnce(launcher: Launcher, kind: Start['kind'], dataDir: string): Promise<Start> {
  const port = await freePort();
  const started = performance.now();
  const [command, ...args] = LAUNCHERS[launcher];
  const child = spawn(command, args, {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: gatewayEnv({ kind: 'pglite', dataDir }, port),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const url = `http://127.0.0.1:${port}/graphql`;
    while (!(await seedStoryAnswered(url))) {
      if (child.exitCode !== null) throw new Error(`${launcher} stopped (exit code ${child.exitCode}) before it answered.`);
      await sleep(10);
    }
    const seconds = (performance.now() - started) / 1000;
    const tree = processTree(child.pid!);
    const cpuSeconds = tree.reduce((sum, pid) => sum + cpuMicrosOf(pid), 0) / 1e6;
    await sleep(1_000);
    return { launcher, kind, seconds, cpuSeconds, idleRssMb: rssBytesOf(tree.at(-1)!) / 2 ** 20 };
  } finally {
    await stopChild(child);
  }
}

export async function measureStartup(log: (line: string) => void): Promise<string> {
  const starts: Start[] = [];
  const folders: string[] = [];
  try {
    for (const launcher of Object.keys(LAUNCHERS) as Launcher[]) {
      for (let run = 1; run <= RUNS; run += 1) {
        const dataDir = await mkdtemp(path.join(tmpdir(), 'gateway-startup-'));
        folders.push(dataDir);
        log(`${launcher}: cold start ${run}/${RUNS}`);
        starts.push(await startOnce(launcher, 'cold', dataDir));
      }
      for (let run = 1; run <= RUNS; run += 1) {
        log(`${launcher}: warm restart ${run}/${RUNS}`);
        starts.push(await startOnce(launcher, 'warm', folders.at(-1)!));
      }
    }
  } finally {
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
  }
  const rows = starts.map(
    ({ launcher, kind, seconds, cpuSeconds, idleRssMb }) =>
      `${launcher.padEnd(17)}  ${kind.padEnd(5)}  ${seconds.toFixed(2).padStart(8)}  ${cpuSeconds.toFixed(2).padStart(6)}  ${idleRssMb.toFixed(0).padStart(11)}`,
  );
  return [
    'Start-up on PGlite, to the first answer (the seed story)',
    'cold: empty data folder (a copy of the build\'s migrated template with the demo content); warm: restart on it',
    '',
    'launcher           start  seconds  CPU s  idle RSS MB',
    '-----------------  -----  -------  -----  -----------',
    ...rows,
  ].join('\n');
}
