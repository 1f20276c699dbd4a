// `npm start`: the gateway from its production build (dist/main.js), as `npm run build` makes it,
// built again first when a source is newer than the build: after `npm ci` (whose `prepare` step
// builds it), a pull or an edit. Plain JavaScript, so that a start needs neither tsx nor a
// TypeScript compile: the build starts in about half the time, and a first start copies the
// build's migrated database template instead of creating and migrating one (src/startup.ts).
// `--build-only` (the `prepare` step) builds when needed and stops there.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = path.join(root, 'dist', 'main.js');
/** Written by the build's last step: a build cut short leaves none, and is made again. */
const builtStamp = path.join(root, 'dist', 'build-complete');
/** What the build is made from: the code, the migrations its template ran, the packages and the build itself. */
const inputs = ['src', 'migrations', 'scripts/build.ts', 'package-lock.json'];

function newestChange(entry) {
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(entry).map((name) => newestChange(path.join(entry, name))));
}

function builtAt() {
  try {
    return statSync(builtStamp).mtimeMs;
  } catch {
    return -Infinity;
  }
}

const stale = () => builtAt() < Math.max(...inputs.map((input) => newestChange(path.join(root, input))));

/** One build at a time: two starts after a pull would each empty dist/ under the other's build. */
const buildLock = path.join(root, 'dist.building');

/** The lock's owner has died (its pid file names no process), or left no pid file for ten minutes. */
function lockAbandoned() {
  try {
    process.kill(Number(readFileSync(path.join(buildLock, 'pid'), 'utf8')), 0);
    return false;
  } catch (error) {
    if (error.code === 'ENOENT') return Date.now() - statSync(buildLock).mtimeMs > 10 * 60_000;
    return error.code === 'ESRCH';
  }
}

let told = false;
while (stale()) {
  try {
    mkdirSync(buildLock);
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
    if (lockAbandoned()) rmSync(buildLock, { recursive: true, force: true });
    else {
      if (!told) console.log('Another start is building dist/: waiting for it...');
      told = true;
      await sleep(250);
    }
    continue; // then look again: the other build may have made it fresh
  }
  try {
    writeFileSync(path.join(buildLock, 'pid'), String(process.pid));
    if (stale()) {
      const lastBuild = builtAt();
      console.log(lastBuild === -Infinity ? 'Building dist/ (npm run build)...' : 'The sources changed since the last build: building dist/ again (npm run build)...');
      const build = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'build.ts')], { cwd: root, stdio: 'inherit' });
      if (build.status !== 0) process.exit(build.status ?? 1);
    }
  } finally {
    rmSync(buildLock, { recursive: true, force: true });
  }
}

if (!process.argv.includes('--build-only')) await import(built);
