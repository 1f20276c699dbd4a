import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import type { DatabaseTarget } from '../src/db/connect.js';
import { FROM_MEMORY_PATH } from './baseline-server.js';
import { benchDatabase, describeTarget } from './bench-database.js';
import { watchDatabaseCpu, type DatabaseCpu } from './database-cpu.js';
import { renderChart } from './chart.js';
import { prepareCorpus } from './corpus.js';
import { firstDifference } from './first-difference.js';
import { postGraphQL, type GraphQLBody } from './graphql-post.js';
import { measure, type LoadSettings, type Measurement } from './load.js';
import { machineFacts } from './machine.js';
import { parseBenchOptions, type BenchOptions } from './options.js';
import { formatReport, withBaselineRatio, type BenchReport } from './report.js';
import { buildProduction, startProductionGateway } from './production-gateway.js';
import { API_SHAPE_QUERY, LIST_QUERY, SCENARIOS, toApiShape, type ScenarioSubjects } from './scenarios.js';
import { startServerChild } from './server-child.js';
import { measureStartup } from './startup.js';

// `npm run bench`: corpus, then the baseline, then the gateway (`node dist/main.js`, built first),
// each server in its own child process started on the bench database in turn. One after the other rather than side by side:
// PGlite admits one process at a time, and two servers idling next to each other would only
// blur each one's memory and CPU figures. Progress goes to stderr, the table to stdout.

const WARMUP_SECONDS = 2;
const RESULTS_FOLDER = new URL('./results/', import.meta.url);
const PROFILES_FOLDER = fileURLToPath(new URL('./profiles/', RESULTS_FOLDER));
const LIST_BODY: GraphQLBody = { query: LIST_QUERY };
const log = (line: string) => console.error(line);

async function withServer<T, Server extends { stop(): Promise<void> }>(server: Server, use: (server: Server) => Promise<T>): Promise<T> {
  try {
    return await use(server);
  } finally {
    await server.stop();
  }
}

/** A bench of an error page or of a missing article would measure nothing worth knowing. */
async function checkedPost(url: string, body: GraphQLBody, scenario: string): Promise<any> {
  const json = await postGraphQL(url, body).catch((error: Error) => {
    throw new Error(`Scenario ${scenario} fails on the gateway: ${error.message}`);
  });
  const empty = Object.entries(json.data ?? {}).find(([, value]) => value === null);
  if (empty) throw new Error(`Scenario ${scenario}: \`${empty[0]}\` is null; the corpus lacks what it asks for.`);
  return json;
}

async function measureBaseline(target: DatabaseTarget, settings: LoadSettings, options: BenchOptions, databaseCpu: DatabaseCpu | null) {
  return withServer(await startServerChild('serve-baseline.ts', target), async (server) => {
    const response = await postGraphQL(server.url, LIST_BODY);
    const body = JSON.stringify(LIST_BODY);
    log('Measuring baseline: list');
    const measurement = await measure(server, { scenario: 'list', server: 'baseline' }, body, settings, databaseCpu);
    // The yardstick of `list-cached`: the same bytes from memory, under the same load generator.
    let fromMemory: Measurement | null = null;
    if (options.scenarios.includes('list-cached')) {
      log('Measuring baseline: list-cached (from memory)');
      const memory = { ...server, url: new URL(FROM_MEMORY_PATH, server.url).href };
      fromMemory = await measure(memory, { scenario: 'list-cached', server: 'baseline' }, body, settings, databaseCpu);
    }
    return { response, measurement, fromMemory };
  });
}

interface GatewayRun {
  target: DatabaseTarget;
  settings: LoadSettings;
  options: BenchOptions;
  subjects: ScenarioSubjects;
  baseline: { response: unknown; measurement: Measurement };
  databaseCpu: DatabaseCpu | null;
}

// The uncached scenarios on a gateway without response cache or rate limit (one client IP), the
// cached ones on another with its response cache on.
const GATEWAY_SETTINGS = [
  { responseCache: false, env: { RESPONSE_CACHE: 'false', RATE_LIMIT: 'false' } },
  { responseCache: true, env: { RESPONSE_CACHE: 'true', RATE_LIMIT: 'false' } },
];

async function measureGateway({ target, settings, options, subjects, baseline, databaseCpu }: GatewayRun) {
  const cpuProfileDir = options.profile ? PROFILES_FOLDER : undefined;
  const gateway: BenchReport['gateway'] = [];
  const skipped: BenchReport['skipped'] = [];
  let idleRssMb = 0;
  for (const { responseCache, env } of GATEWAY_SETTINGS) {
    const scenarios = SCENARIOS.filter(({ name }) => options.scenarios.includes(name)).filter((scenario) => Boolean(scenario.responseCache) === responseCache);
    if (scenarios.length === 0) continue;
    await withServer(await startProductionGateway(target, env, cpuProfileDir), async (server) => {
      idleRssMb = Math.max(idleRssMb, server.idleRssMb);
      const post = (body: GraphQLBody) => postGraphQL(server.url, body);
      const difference = firstDifference(await checkedPost(server.url, LIST_BODY, 'list'), baseline.response);
      if (difference) {
        throw new Error(
          `The baseline's list response differs from the gateway's, so their ratio would compare different work.\n` +
            `  first difference (gateway ≠ baseline): ${difference}\n` +
            `  Fix BASELINE_LIST_SQL in bench/baseline-server.ts or LIST_QUERY in bench/scenarios.ts.`,
        );
      }
      const api = toApiShape((await post({ query: API_SHAPE_QUERY })).data);
      for (const scenario of scenarios) {
        const missing = scenario.missing(api);
        if (missing) {
          skipped.push({ scenario: scenario.name, reason: missing });
          continue;
        }
        const body = await scenario.body({ api, subjects, post });
        await checkedPost(server.url, body, scenario.name);
        log(`Measuring gateway: ${scenario.name}`);
        const measurement = await measure(server, { scenario: scenario.name, server: 'gateway' }, JSON.stringify(body), settings, databaseCpu);
        gateway.push(withBaselineRatio(measurement, baseline.measurement));
      }
    });
  }
  return { gateway, skipped, idleRssMb };
}

async function writeResults(report: BenchReport): Promise<string[]> {
  await mkdir(RESULTS_FOLDER, { recursive: true });
  const stamp = report.machine.date.replace(/[:.]/g, '-');
  const json = new URL(`${stamp}.json`, RESULTS_FOLDER);
  const svg = new URL(`${stamp}.svg`, RESULTS_FOLDER);
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(svg, renderChart(report));
  return [json, svg].map((url) => fileURLToPath(url));
}

async function main() {
  const options = parseBenchOptions(process.argv.slice(2));
  const machine = machineFacts();
  log('Building dist/ (npm run build)...');
  buildProduction();
  if (options.startup) {
    console.log(await measureStartup(log));
    return;
  }
  const bench = await benchDatabase(loadConfig(), options.articles);
  const corpus = await prepareCorpus(bench, options.articles, log);
  const { target } = bench;
  const settings: LoadSettings = {
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    warmupSeconds: WARMUP_SECONDS,
  };
  const databaseCpu = await watchDatabaseCpu(target);
  let measured;
  try {
    const baseline = await measureBaseline(target, settings, options, databaseCpu);
    measured = { baseline, ...(await measureGateway({ target, settings, options, subjects: corpus.subjects, baseline, databaseCpu })) };
  } finally {
    await databaseCpu?.close();
  }
  const { baseline, gateway, skipped, idleRssMb } = measured;
  const report: BenchReport = {
    machine,
    database: { kind: target.kind, description: describeTarget(target, corpus.serverVersion) },
    options: { ...options, warmupSeconds: WARMUP_SECONDS },
    corpus: { articles: options.articles, buildSeconds: corpus.buildSeconds, subjects: corpus.subjects },
    baseline: baseline.measurement,
    baselineFromMemory: baseline.fromMemory,
    gatewayIdleRssMb: idleRssMb,
    gateway,
    skipped,
  };
  const files = await writeResults(report);
  console.log(formatReport(report));
  console.log(`\nWritten: ${files.join(', ')}`);
  if (options.profile) console.log(`Gateway CPU profile (all scenarios, warm-ups included) in ${PROFILES_FOLDER}`);
}

try {
  await main();
} catch (error) {
  console.error(`\nBench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
