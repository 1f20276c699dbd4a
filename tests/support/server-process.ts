import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { inject } from 'vitest';

// The real server (src/main.ts) and the command-line scripts as child processes, on embedded
// PGlite in a given data folder, as a user runs them with `npm start` and `npm run <script>`.

export interface RunningServer {
  /** The process started: the server itself, or npm when started through `npm start`. */
  child: ChildProcess;
  url: string;
  /** The server's own pid, from its log lines. */
  serverPid: number;
  logLines: string[];
}

/**
 * A new data folder (in the temporary directory, named from `prefix`) holding this run's migrated
 * empty database (tests/support/global-setup.ts), as the production build's first start copies
 * its template: a child started on it skips PGlite's initdb and the migrations (seconds each),
 * and otherwise finds what a first start on an empty folder finds.
 */
export async function migratedDataDir(prefix: string): Promise<string> {
  const template = inject('pgliteTemplateDir');
  if (!template) throw new Error('The PGlite template folder was not built: run the tests through vitest, on PGlite.');
  const dataDir = await mkdtemp(path.join(tmpdir(), prefix));
  await cp(template, dataDir, { recursive: true });
  return dataDir;
}

/** node --import tsx rather than the tsx command: one process per child, the pid in the lock. */
const tsx = [process.execPath, '--import', 'tsx'] as const;

/** The environment of a child on PGlite in `dataDir`, whatever the tests run on. */
function pgliteEnv(dataDir: string, env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, PORT: '0', DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'info', ...env };
}

/**
 * Starts the server on PGlite in `dataDir`, directly, with `npm start` as a newcomer does, or
 * from a production build (`built`: its main.js); resolves once it listens.
 */
export function startServer(dataDir: string, options: { viaNpm?: boolean; built?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunningServer> {
  const [node, ...loader] = tsx;
  const [command, args] = options.viaNpm
    ? ['npm', ['start', '--silent']]
    : options.built
      ? [node, [options.built]]
      : [node, [...loader, 'src/main.ts']];
  const child = spawn(command, args, { env: pgliteEnv(dataDir, options.env), stdio: ['ignore', 'pipe', 'inherit'] });
  const logLines: string[] = [];
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before it was ready: ${logLines.join(' | ')}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const { msg, pid } = JSON.parse(line) as { msg: string; pid: number };
      logLines.push(msg);
      const ready = /GraphiQL ready at (\S+)/.exec(msg);
      if (ready) resolve({ child, url: ready[1]!, serverPid: pid, logLines });
    });
  });
}

export function stopServer(server: RunningServer): Promise<number | null> {
  return new Promise((resolve) => {
    server.child.once('exit', (code) => resolve(code));
    server.child.kill('SIGTERM');
  });
}

export interface ProcessOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a TypeScript entry point (`scripts/apikey.ts`, `src/main.ts`...) to its end; one that
 * would run on (a second gateway that was not refused) is killed after `timeoutMs`.
 */
export function runToEnd(file: string, args: string[], dataDir: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 30_000): Promise<ProcessOutcome> {
  const [node, ...loader] = tsx;
  const child = spawn(node, [...loader, file, ...args], {
    env: pgliteEnv(dataDir, env),
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}
