import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { benchDatabase } from './bench-database.js';
import { prepareCorpus } from './corpus.js';
import { cpuMsBetween, watchDatabaseCpu } from './database-cpu.js';
import { load } from './load.js';
import { startProductionGateway } from './production-gateway.js';
import { LIST_QUERY } from './scenarios.js';

// `DATABASE_URL=postgres://… npm run bench:scale -- [--gateways 1,2] [--rounds 2]`: the list
// page on one gateway, then on two (separate `node dist/main.js` processes, no response cache),
// over the same PostgreSQL database, the load split evenly between them; the counts alternate
// (1, 2, 1, 2...) so that other work on the machine weighs on both. It prints requests per
// second and, steadier on a shared machine, the gateways' and PostgreSQL's CPU per request.
// Run `npm run build` first; wrap it in `flock /tmp/bench.lock`.

const { values } = parseArgs({
  options: {
    gateways: { type: 'string', default: '1,2' },
    rounds: { type: 'string', default: '2' },
    connections: { type: 'string', default: '16' },
    duration: { type: 'string', default: '10' },
    articles: { type: 'string', default: '2000' },
  },
});
const counts = values.gateways.split(',').map(Number);
const connections = Number(values.connections);
const durationSeconds = Number(values.duration);
const log = (line: string) => console.error(line);

const config = loadConfig();
if (!config.databaseUrl) throw new Error('bench:scale compares gateways on one PostgreSQL database: set DATABASE_URL.');
const bench = await benchDatabase(config, Number(values.articles));
await prepareCorpus(bench, Number(values.articles), log);
const databaseCpu = await watchDatabaseCpu(bench.target);
const body = JSON.stringify({ query: LIST_QUERY });
const rows: string[] = [];

for (let round = 1; round <= Number(values.rounds); round += 1) {
  for (const count of counts) {
    log(`Round ${round}: ${count} gateway(s)`);
    const gateways = await Promise.all(
      Array.from({ length: count }, () => startProductionGateway(bench.target, { RESPONSE_CACHE: 'false', RATE_LIMIT: 'false' })),
    );
    try {
      const share = Math.max(1, Math.round(connections / count));
      await Promise.all(gateways.map((gateway) => load(gateway.url, body, share, 3)));
      const before = await Promise.all(gateways.map((gateway) => gateway.stats()));
      const databaseBefore = await databaseCpu?.sample();
      const runs = await Promise.all(gateways.map((gateway) => load(gateway.url, body, share, durationSeconds)));
      const after = await Promise.all(gateways.map((gateway) => gateway.stats()));
      const databaseAfter = await databaseCpu?.sample();
      const served = Math.max(1, after.reduce((sum, stats, index) => sum + stats.requests - before[index]!.requests, 0));
      const gatewayCpuMs = after.reduce((sum, stats, index) => sum + stats.cpuMicros - before[index]!.cpuMicros, 0) / 1000;
      const requestsPerSecond = runs.reduce((sum, run) => sum + run.result.requests.average, 0);
      const failed = runs.reduce((sum, run) => sum + run.result.errors + run.result.non2xx, 0);
      const databaseMs = databaseBefore && databaseAfter ? (cpuMsBetween(databaseBefore, databaseAfter) / served).toFixed(2) : 'n/a';
      rows.push(
        `${String(round).padStart(5)}  ${String(count).padStart(8)}  ${requestsPerSecond.toFixed(0).padStart(5)}  ${(gatewayCpuMs / served).toFixed(2).padStart(13)}  ${databaseMs.padStart(13)}  ${String(failed).padStart(6)}`,
      );
    } finally {
      await Promise.all(gateways.map((gateway) => gateway.stop()));
    }
  }
}
await databaseCpu?.close();
console.log(
  [
    `The list scenario (bench/scenarios.ts), ${connections} connections split over the gateways, ${durationSeconds} s each`,
    '',
    'round  gateways  req/s  gw CPU ms/req  PG CPU ms/req  failed',
    '-----  --------  -----  -------------  -------------  ------',
    ...rows,
  ].join('\n'),
);
