import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DatabaseTarget } from '../src/db/connect.js';
import type { ChildMessage, ParentMessage, ServerStats } from './bench-server.js';

// Servers run in their own process so that autocannon's CPU does not compete with them in one
// event loop, and so that each server's memory is its own, with NODE_ENV=production: graphql-js,
// for one, does extra checks in development. The baseline runs here, through tsx; the gateway
// runs as deployed (production-gateway.ts).

export type ServerEntry = 'serve-baseline.ts';

export interface ServerChild {
  url: string;
  pid: number;
  stats(): Promise<ServerStats>;
  stop(): Promise<void>;
}

function nextMessage<Type extends ChildMessage['type']>(
  child: ChildProcess,
  type: Type,
): Promise<Extract<ChildMessage, { type: Type }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ChildMessage) => {
      if (message.type !== type) return;
      child.off('exit', onExit);
      child.off('message', onMessage);
      resolve(message as Extract<ChildMessage, { type: Type }>);
    };
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new Error(`The ${type === 'ready' ? 'server failed to start' : 'server stopped'} (exit code ${code}).`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** `cpuProfileDir`: where V8 writes the child's CPU profile when it exits. */
export async function startServerChild(entry: ServerEntry, target: DatabaseTarget, cpuProfileDir?: string): Promise<ServerChild> {
  const profiling = cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfileDir] : [];
  const child = fork(fileURLToPath(new URL(`./${entry}`, import.meta.url)), [JSON.stringify(target)], {
    execArgv: ['--import', 'tsx', ...profiling],
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const send = (message: ParentMessage) => child.send(message);
  const { port } = await nextMessage(child, 'ready');
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    pid: child.pid!,
    async stats() {
      const reply = nextMessage(child, 'stats');
      send({ type: 'stats' });
      return (await reply).stats;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      send({ type: 'stop' });
      await exited;
    },
  };
}
