import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runProgram, serverFolder } from './postgres-binaries.js';
import { freePort } from './services.js';

// A PgBouncer of the test's own in transaction mode, on a private port, in front of the
// PostgreSQL of `serverUrl`: each transaction may run on another server connection.

export interface RunningPgBouncer {
  /** `database` on the server, through PgBouncer. */
  urlFor(database: string): string;
  close(): Promise<void>;
}

export async function startPgBouncer(serverUrl: string): Promise<RunningPgBouncer> {
  const server = new URL(serverUrl);
  const folder = await serverFolder('pgbouncer-');
  const port = await freePort();
  const ini = path.join(folder, 'pgbouncer.ini');
  const pidFile = path.join(folder, 'pgbouncer.pid');
  await writeFile(path.join(folder, 'users.txt'), `"${server.username}" ""\n`);
  await writeFile(
    ini,
    [
      '[databases]',
      // Any database name: the server's database of that name.
      `* = host=${server.hostname} port=${server.port || 5432} user=${server.username}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${path.join(folder, 'users.txt')}`,
      'pool_mode = transaction',
      // Fewer server connections than the gateway's pool: its clients share them.
      'default_pool_size = 2',
      'max_client_conn = 100',
      `logfile = ${path.join(folder, 'pgbouncer.log')}`,
      `pidfile = ${pidFile}`,
      '',
    ].join('\n'),
  );
  await runProgram('pgbouncer', ['-d', ini]);
  // The daemon writes its pid once it has forked.
  let pid = 0;
  for (let attempt = 0; attempt < 100 && !pid; attempt += 1) {
    pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
    if (!pid) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!pid) throw new Error(`PgBouncer did not start: ${await readFile(path.join(folder, 'pgbouncer.log'), 'utf8').catch(() => 'no log')}`);
  return {
    urlFor(database) {
      return `postgres://${server.username}@127.0.0.1:${port}/${database}`;
    },
    async close() {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // Gone already.
      }
      await rm(folder, { recursive: true, force: true });
    },
  };
}
