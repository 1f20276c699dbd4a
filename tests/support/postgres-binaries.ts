import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { serviceAvailable } from './services.js';

// Server programs the scale-out tests start for themselves (a primary and its replica,
// PgBouncer), on private ports in a temporary folder. PostgreSQL and PgBouncer refuse to run
// as root: as root, they run as the `postgres` user (runuser), who owns the folder.

const run = promisify(execFile);

/**
 * Why these tests cannot run here, or null when they can. They run in the PostgreSQL pass
 * (TEST_DATABASE_URL); with REQUIRE_TEST_SERVICES=1 a missing program fails them instead.
 */
export function skipReason(needs: { programs: string[] }): string | null {
  if (!process.env.TEST_DATABASE_URL) return 'the PostgreSQL pass only (TEST_DATABASE_URL unset)';
  const missing = needs.programs.filter((program) => !programPath(program));
  if (missing.length) return `${missing.join(', ')} not installed (Debian packages postgresql, pgbouncer)`;
  if (process.getuid?.() === 0 && !existsSync('/usr/sbin/runuser')) return 'running as root without runuser';
  return null;
}

/** Prints why the file is skipped; fails instead when REQUIRE_TEST_SERVICES=1 in the PostgreSQL pass. */
export function reportSkip(file: string, reason: string | null): boolean {
  if (!reason) return false;
  if (!process.env.TEST_DATABASE_URL) {
    console.warn(`${file}: skipped: ${reason}`);
    return true;
  }
  return !serviceAvailable(`${file} cannot run (${reason})`);
}

/** PostgreSQL's server programs (the newest installed version), or PgBouncer's, by name. */
export function programPath(program: string): string | null {
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)) : [];
  const candidates = [...versions.map((version) => `/usr/lib/postgresql/${version}/bin/${program}`), `/usr/sbin/${program}`, `/usr/bin/${program}`];
  return candidates.find((candidate) => existsSync(candidate)) ?? null;
}

/** Runs a server program as a user it accepts; resolves with its output. */
export async function runProgram(program: string, args: string[]): Promise<string> {
  const file = programPath(program);
  if (!file) throw new Error(`${program} is not installed`);
  const [command, commandArgs] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  const { stdout } = await run(command, commandArgs, { maxBuffer: 8 * 1024 * 1024 });
  return stdout;
}

/** A fresh folder the server user owns. */
export async function serverFolder(prefix: string): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), prefix));
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: group } = await run('id', ['-g', 'postgres']);
    await chown(folder, Number(stdout), Number(group));
  }
  return folder;
}

