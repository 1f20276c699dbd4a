// `npm start`: the gateway from its production build (dist/main.js), as `npm run build` makes it,
// built again first when a source is newer than the build: after `npm ci` (whose `prepare` step
// builds it), a pull or an edit. Plain JavaScript, so that a start needs neither tsx nor a
// TypeScript compile: the build starts in about half the time, and a first start copies the
// build's migrated database template instead of creating and migrating one (src/startup.ts).
// `--build-only` (the `prepare` step) builds when needed and stops there.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
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

const lastBuild = builtAt();
if (lastBuild < Math.max(...inputs.map((input) => newestChange(path.join(root, input))))) {
  console.log(lastBuild === -Infinity ? 'Building dist/ (npm run build)...' : 'The sources changed since the last build: building dist/ again (npm run build)...');
  const build = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'build.ts')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

if (!process.argv.includes('--build-only')) await import(built);
