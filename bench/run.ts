import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import type { DatabaseTarget } from '../src/db/connect.js';
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
import { API_SHAPE_QUERY, LIST_QUERY, SCENARIOS, toApiShape, type ScenarioSubjects } from './scenarios.js';
import { startServerChild, type ServerChild, type ServerEntry } from './server-child.js';

// `npm run bench`: corpus, then the baseline, then the gateway, each server in its own child
// process started on the bench database in turn. One after the other rather than side by side:
// PGlite admits one process at a time, and two servers idling next to each other would only
// blur each one's memory and CPU figures. Progress goes to stderr, the table to stdout.

const WARMUP_SECONDS = 2;
const RESULTS_FOLDER = new URL('./results/', import.meta.url);
const PROFILES_FOLDER = fileURLToPath(new URL('./profiles/', RESULTS_FOLDER));
const LIST_BODY: GraphQLBody = { query: LIST_QUERY };
const log = (line: string) => console.error(line);

async function withServer<T>(
  entry: ServerEntry,
  target: DatabaseTarget,
  use: (server: ServerChild) => Promise<T>,
  cpuProfileDir?: string,
): Promise<T> {
  const server = await startServerChild(entry, target, cpuProfileDir);
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

async function measureBaseline(target: DatabaseTarget, settings: LoadSettings, databaseCpu: DatabaseCpu | null) {
  return withServer('serve-baseline.ts', target, async (server) => {
    const response = await postGraphQL(server.url, LIST_BODY);
    log('Measuring baseline: list');
    const measurement = await measure(server, { scenario: 'list', server: 'baseline' }, JSON.stringify(LIST_BODY), settings, databaseCpu);
    return { response, measurement };
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

async function measureGateway({ target, settings, options, subjects, baseline, databaseCpu }: GatewayRun) {
  const cpuProfileDir = options.profile ? PROFILES_FOLDER : undefined;
  return withServer('serve-gateway.ts', target, async (server) => {
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
    const gateway: BenchReport['gateway'] = [];
    const skipped: BenchReport['skipped'] = [];
    for (const scenario of SCENARIOS.filter(({ name }) => options.scenarios.includes(name))) {
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
    return { gateway, skipped };
  }, cpuProfileDir);
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
    const baseline = await measureBaseline(target, settings, databaseCpu);
    measured = { baseline, ...(await measureGateway({ target, settings, options, subjects: corpus.subjects, baseline, databaseCpu })) };
  } finally {
    await databaseCpu?.close();
  }
  const { baseline, gateway, skipped } = measured;
  const report: BenchReport = {
    machine,
    database: { kind: target.kind, description: describeTarget(target, corpus.serverVersion) },
    options: { ...options, warmupSeconds: WARMUP_SECONDS },
    corpus: { articles: options.articles, buildSeconds: corpus.buildSeconds, subjects: corpus.subjects },
    baseline: baseline.measurement,
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
