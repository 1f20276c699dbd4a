import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, test } from 'vitest';
import { LOCK_FILE, lockDataDir } from '../src/db/data-dir-lock.js';

// The owner lock of a PGlite data folder: one process at a time, a lock whose process is gone
// is taken over (by exactly one of several newcomers), and a lock goes away with its process.

const folders: string[] = [];
afterAll(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

async function newFolder(): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'gateway-lock-'));
  folders.push(folder);
  return folder;
}

/** A pid that no process has any more: a child that has already exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

const writeLock = (folder: string, holder: object | string) =>
  writeFile(path.join(folder, LOCK_FILE), typeof holder === 'string' ? holder : JSON.stringify(holder));
const readLock = async (folder: string) => JSON.parse(await readFile(path.join(folder, LOCK_FILE), 'utf8'));

interface Holder {
  child: ChildProcess;
  /** Lines the child printed, in order: "ready", then "locked" or "refused: ...". */
  lines: string[];
  nextLine(): Promise<string>;
}

/** A child process that takes the folder's lock when told to (tests/support/hold-data-dir.ts). */
async function startHolder(folder: string): Promise<Holder> {
  // node --import tsx, not the tsx command: one process, whose pid is the one in the lock.
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/hold-data-dir.ts', folder], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    waiting.shift()?.(line);
  });
  const holder: Holder = {
    child,
    lines,
    nextLine: () => new Promise((resolve) => waiting.push(resolve)),
  };
  expect(await holder.nextLine()).toBe('ready');
  return holder;
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

describe('the owner lock of a data folder', () => {
  test('a second opener is refused with who holds it; after release the folder can be taken again', async () => {
    const folder = await newFolder();
    const lock = await lockDataDir(folder, 'the gateway');
    expect(await readLock(folder)).toMatchObject({ pid: process.pid, owner: 'the gateway' });

    await expect(lockDataDir(folder, 'scripts/apikey.ts')).rejects.toThrow(
      `${folder} is in use by the gateway (pid ${process.pid}): stop it first`,
    );
    expect(await readLock(folder)).toMatchObject({ owner: 'the gateway' });

    lock.release();
    expect(existsSync(path.join(folder, LOCK_FILE))).toBe(false);
    (await lockDataDir(folder, 'scripts/apikey.ts')).release();
  });

  test('a lock held by another live process is never taken over', async () => {
    const folder = await newFolder();
    const alive = { pid: process.ppid, owner: 'the gateway', since: new Date().toISOString() };
    await writeLock(folder, alive);
    await expect(lockDataDir(folder, 'scripts/import.ts')).rejects.toThrow(`is in use by the gateway (pid ${process.ppid})`);
    expect(await readLock(folder)).toEqual(alive);
  });

  test('a lock that names no process is not taken over either: the message says which file to delete', async () => {
    const folder = await newFolder();
    await writeLock(folder, '');
    await expect(lockDataDir(folder, 'scripts/import.ts')).rejects.toThrow(
      `is locked by ${path.join(folder, LOCK_FILE)}, which names no process: delete that file if nothing uses the folder`,
    );
    expect(await readFile(path.join(folder, LOCK_FILE), 'utf8')).toBe('');
  });

  test('a lock left by a process that is gone, or by an earlier run with our pid, is taken over', async () => {
    const folder = await newFolder();
    for (const pid of [deadPid(), process.pid]) {
      await writeLock(folder, { pid, owner: 'the gateway', since: '2020-01-01T00:00:00.000Z' });
      const lock = await lockDataDir(folder, 'scripts/migrate.ts');
      expect(await readLock(folder)).toMatchObject({ pid: process.pid, owner: 'scripts/migrate.ts' });
      lock.release();
    }
  });

  test('of processes finding the same stale lock at once, exactly one takes it; it goes away when that one is killed', async () => {
    const folder = await newFolder();
    await writeLock(folder, { pid: deadPid(), owner: 'the gateway', since: '2020-01-01T00:00:00.000Z' });
    const holders = await Promise.all([startHolder(folder), startHolder(folder), startHolder(folder)]);
    for (const holder of holders) holder.child.stdin!.write('go\n');
    const outcomes = await Promise.all(holders.map((holder) => holder.nextLine()));

    expect(outcomes.filter((line) => line === 'locked')).toHaveLength(1);
    const winner = holders[outcomes.indexOf('locked')]!;
    expect(await readLock(folder)).toMatchObject({ pid: winner.child.pid, owner: 'a test holder' });
    for (const line of outcomes.filter((line) => line !== 'locked')) {
      expect(line).toBe(`refused: ${folder} is in use by a test holder (pid ${winner.child.pid}): stop it first`);
    }

    // Killed by a signal it does not handle: the lock is released, and the process still dies of it.
    const losers = holders.filter((holder) => holder !== winner);
    const ends = holders.map((holder) => exited(holder.child));
    for (const loser of losers) loser.child.stdin!.end();
    winner.child.kill('SIGTERM');
    expect(await ends[holders.indexOf(winner)]).toEqual({ code: null, signal: 'SIGTERM' });
    await Promise.all(ends);
    expect(existsSync(path.join(folder, LOCK_FILE))).toBe(false);
  }, 30_000);
});
