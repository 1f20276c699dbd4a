import { appendFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { runProgram, serverFolder } from './postgres-binaries.js';
import { freePort } from './services.js';

// A PostgreSQL primary and a streaming replica of its own (initdb, pg_basebackup -R), on
// private ports in a temporary folder: nothing touches the machine's cluster.

export interface ReplicatedCluster {
  primaryUrl: string;
  replicaUrl: string;
  stopPrimary(): Promise<void>;
  stopReplica(): Promise<void>;
  startReplica(): Promise<void>;
  /** Stops both servers and removes their folders. */
  close(): Promise<void>;
}

const DATABASE = 'gateway';

export async function startReplicatedCluster(): Promise<ReplicatedCluster> {
  const folder = await serverFolder('replicated-cluster-');
  const primaryDir = path.join(folder, 'primary');
  const replicaDir = path.join(folder, 'replica');
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const pgCtl = (dir: string, ...args: string[]) => runProgram('pg_ctl', ['-D', dir, '-l', `${dir}.log`, '-w', ...args]);
  const settings = (port: number) =>
    [
      `port = ${port}`,
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = '${folder}'`,
      'wal_level = replica',
      'max_wal_senders = 4',
      'hot_standby = on',
      // A test cluster: nothing to keep after a crash, and start-up and writes are quicker.
      'fsync = off',
      'shared_buffers = 32MB',
      '',
    ].join('\n');
  const running = new Set<string>();
  const stop = async (dir: string) => {
    if (!running.delete(dir)) return;
    await pgCtl(dir, '-m', 'immediate', 'stop').catch(() => {});
  };
  try {
    await runProgram('initdb', ['-D', primaryDir, '-U', 'root', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    await appendFile(primaryDir + '/postgresql.conf', settings(primaryPort));
    await pgCtl(primaryDir, 'start');
    running.add(primaryDir);
    await runProgram('psql', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'root', '-d', 'postgres', '-qc', `create database ${DATABASE}`]);
    // -R: standby.signal and the primary's address, so that it starts as its streaming replica.
    await runProgram('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'root', '-D', replicaDir, '-R', '-X', 'stream', '--checkpoint=fast', '--no-sync']);
    await appendFile(replicaDir + '/postgresql.conf', `port = ${replicaPort}\n`);
    await pgCtl(replicaDir, 'start');
    running.add(replicaDir);
  } catch (error) {
    await Promise.all([...running].map(stop));
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  const url = (port: number) => `postgres://root@127.0.0.1:${port}/${DATABASE}`;
  return {
    primaryUrl: url(primaryPort),
    replicaUrl: url(replicaPort),
    stopPrimary: () => stop(primaryDir),
    stopReplica: () => stop(replicaDir),
    async startReplica() {
      await pgCtl(replicaDir, 'start');
      running.add(replicaDir);
    },
    async close() {
      await Promise.all([stop(replicaDir), stop(primaryDir)]);
      await rm(folder, { recursive: true, force: true });
    },
  };
}
