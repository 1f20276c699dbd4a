import { readFileSync, unlinkSync } from 'node:fs';
import { open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

// PGlite is PostgreSQL inside one process: two processes on one data folder each load it into
// memory, and the last to close overwrites what the other wrote. So whoever opens a folder
// (the gateway, a script, a second gateway) first creates `owner.lock` in it, atomically
// ('wx'), holding its pid; anyone else refuses before touching anything. A lock left by a
// process that is gone is taken over; the lock goes away on close, on exit and on a signal.

export const LOCK_FILE = 'owner.lock';

/** What a lock file says about its holder. */
export interface LockHolder {
  pid: number;
  /** Who holds it, for people: "the gateway", "scripts/import.ts"... */
  owner: string;
  since: string;
}

/**
 * The folder is held by another live process (`holder`), or by a lock nobody can vouch for.
 * The message is one line that ends with what to do.
 */
export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
  constructor(
    readonly holder: LockHolder | null,
    message: string,
  ) {
    super(message);
  }
}

function heldBy(dataDir: string, holder: LockHolder): DataDirInUseError {
  return new DataDirInUseError(holder, `${dataDir} is in use by ${holder.owner} (pid ${holder.pid}): stop it first`);
}

export interface DataDirLock {
  release(): void;
}

/** Lock files this process holds, with the exact content it wrote, so it only ever removes its own. */
const held = new Map<string, string>();

/** Takes the folder's lock for this process, or throws DataDirInUseError. */
export async function lockDataDir(dataDir: string, owner: string): Promise<DataDirLock> {
  const lockPath = path.resolve(dataDir, LOCK_FILE);
  const ours = held.get(lockPath);
  if (ours !== undefined) throw heldBy(dataDir, parseHolder(ours)!);
  const content = JSON.stringify({ pid: process.pid, owner, since: new Date().toISOString() } satisfies LockHolder);
  // Claimed in this process at once: a second open here, even a concurrent one, is refused above.
  held.set(lockPath, content);
  releaseOnExit();
  try {
    await createLockFile(dataDir, lockPath, content);
  } catch (error) {
    held.delete(lockPath);
    throw error;
  }
  return { release: () => release(lockPath) };
}

/**
 * A few rounds: a stale lock is removed in one, the file is created in the next. A lock being
 * written right now reads empty, and another process may hold the takeover guard: both clear
 * within milliseconds, so wait and look again.
 */
async function createLockFile(dataDir: string, lockPath: string, content: string): Promise<void> {
  let unreadable = false;
  for (let round = 0; round < 5; round += 1) {
    if (await createExclusive(lockPath, content)) return;
    const found = await readIfPresent(lockPath);
    if (found === null) continue;
    const holder = parseHolder(found);
    unreadable = holder === null;
    if (holder && isAlive(holder.pid)) throw heldBy(dataDir, holder);
    if (!holder || !(await removeStaleLock(lockPath, found))) await sleep(20);
  }
  throw new DataDirInUseError(
    null,
    unreadable
      ? `${dataDir} is locked by ${lockPath}, which names no process: delete that file if nothing uses the folder`
      : `${dataDir} is being taken over by another process: try again (if this persists, delete ${lockPath}.takeover)`,
  );
}

async function createExclusive(file: string, content: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
  return true;
}

async function readIfPresent(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function parseHolder(content: string): LockHolder | null {
  try {
    const holder = JSON.parse(content) as Partial<LockHolder>;
    return Number.isInteger(holder.pid) && typeof holder.owner === 'string' ? (holder as LockHolder) : null;
  } catch {
    // Empty or torn: its writer may be between creating and filling it; never stale.
    return null;
  }
}

function isAlive(pid: number): boolean {
  // Our own pid in a lock this process does not hold: left by an earlier run in a container,
  // where processes start with the same pid.
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes a stale lock, unless another process has replaced it meanwhile. Two processes finding
 * the same stale lock must not both remove it (the second would remove the first one's fresh
 * lock): only the holder of the takeover guard removes, after checking the content again.
 * False when another process holds the guard.
 */
async function removeStaleLock(lockPath: string, stale: string): Promise<boolean> {
  const guard = `${lockPath}.takeover`;
  if (!(await createExclusive(guard, String(process.pid)))) return false;
  try {
    if ((await readIfPresent(lockPath)) === stale) await unlink(lockPath);
  } finally {
    await unlink(guard);
  }
  return true;
}

/** Synchronous, so that it also runs from an 'exit' listener. Removes the lock only while it is still ours. */
function release(lockPath: string): void {
  const content = held.get(lockPath);
  if (content === undefined) return;
  held.delete(lockPath);
  try {
    if (readFileSync(lockPath, 'utf8') === content) unlinkSync(lockPath);
  } catch {
    // Already gone.
  }
}

function releaseAll(): void {
  for (const lockPath of [...held.keys()]) release(lockPath);
}

let exitHooked = false;

/**
 * Releases held locks when the process ends, whichever way. On a signal that nothing else
 * handles, the process would die without an 'exit' event: release, then die of the signal as
 * it would have. When something else handles it (the gateway drains requests, then closes the
 * database, which releases), leave it be: the process is still using the folder.
 */
function releaseOnExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.once('exit', releaseAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      if (process.listenerCount(signal) > 1) return;
      releaseAll();
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}
