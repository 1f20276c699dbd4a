import { execFileSync } from 'node:child_process';
import os from 'node:os';

/** What a result was measured on, so that figures from two runs are compared knowingly. */
export interface MachineFacts {
  date: string;
  commit: string | null;
  /** Uncommitted changes in the work tree: the commit alone does not name the code measured. */
  dirty: boolean;
  cores: number;
  cpu: string;
  node: string;
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export function machineFacts(): MachineFacts {
  return {
    date: new Date().toISOString(),
    commit: git(['rev-parse', '--short', 'HEAD']),
    dirty: (git(['status', '--porcelain', '--untracked-files=no']) ?? '') !== '',
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
  };
}
