import { fork } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import type { DatabaseTarget } from '../src/db/connect.js';
import { sha256 } from '../src/plugins/persisted-operations.js';
import { exampleQuery } from '../src/yoga.js';
import type { BenchDatabase } from './bench-database.js';
import { prepareCorpus } from './corpus.js';
import { LIST_QUERY } from './scenarios.js';
import type { SoakChildMessage, SoakKeys } from './soak-server.js';

// `npm run soak -- [--duration 30] [--connections 50] [--articles 2000]`: the gateway, as
// deployed (production settings, response cache, rate limits), under mixed load for a while:
// anonymous readers (persisted hashes, GETs a CDN could cache, full queries), partners and
// readers with keys, an editor reading drafts and writing, and a share of hostile requests
// (deep, costly, aliased, oversized, batched, malformed, wrong keys, a partner over its rate
// limit, pages of long reads with a new comment each time to fill the response cache, searches
// of hundreds of words). It prints requests served, errors by code, the 5xx count (which must
// be 0), the gateway's memory after a full GC as the run goes, and last how long the gateway
// takes to stop on SIGTERM while keep-alive clients keep sending.
// Its corpus is its own (bench/data/soak-<articles>, or the gateway_soak database with
// DATABASE_URL), so that it never competes with `npm run bench` for a PGlite folder.

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '30' },
    connections: { type: 'string', default: '50' },
    articles: { type: 'string', default: '2000' },
  },
});
const durationSeconds = Number(values.duration);
const connections = Number(values.connections);
const articles = Number(values.articles);
const log = (line: string) => console.error(line);

// What the soak changes from the production defaults: its load comes from one address and
// three keys, where real traffic comes from many, so those budgets are lifted; the greedy
// partner keeps its own (20 a minute) to show the limiter at work.
const SOAK_SETTINGS = { LOG_LEVEL: 'warn', RATE_LIMIT_ANONYMOUS: '100000000', RATE_LIMIT_READ: '100000000', RATE_LIMIT_PARTNER: '100000000', RATE_LIMIT_EDITOR: '100000000' };

async function soakDatabase(): Promise<BenchDatabase> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    const dataDir = fileURLToPath(new URL(`./data/soak-${articles}`, import.meta.url));
    return { target: { kind: 'pglite', dataDir }, recreate: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: config.databaseUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin('create database gateway_soak').catch(() => {});
  const url = new URL(config.databaseUrl);
  url.pathname = '/gateway_soak';
  return {
    target: { kind: 'postgres', url: url.toString(), poolSize: config.poolSize },
    recreate: async () => {
      await admin('drop database if exists gateway_soak with (force)');
      await admin('create database gateway_soak');
    },
  };
}

function startServer(target: DatabaseTarget) {
  const child = fork(fileURLToPath(new URL('./soak-server.ts', import.meta.url)), [JSON.stringify(target), JSON.stringify(SOAK_SETTINGS)], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = new Promise<{ port: number; keys: SoakKeys }>((resolve, reject) => {
    child.once('message', (message: SoakChildMessage) => {
      if (message.type === 'ready') resolve(message);
    });
    child.once('exit', (code) => reject(new Error(`The soak server stopped (exit code ${code}).`)));
  });
  const collect = () =>
    new Promise<void>((resolve) => {
      child.once('message', () => resolve());
      child.send({ type: 'collect' });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.send({ type: 'stop' });
    });
  /** SIGTERM, as an orchestrator sends it: how long until the process is gone, and its exit code. */
  const terminate = () =>
    new Promise<{ ms: number; code: number | null }>((resolve) => {
      const sent = performance.now();
      child.once('exit', (code) => resolve({ ms: Math.round(performance.now() - sent), code }));
      child.kill('SIGTERM');
    });
  return { ready, stop, collect, terminate };
}

interface Memory {
  rssMb: number;
  heapUsedMb: number;
}

/** The gateway's memory from its /metrics, after a full garbage collection. */
async function memoryOf(base: string, collect: () => Promise<void>): Promise<Memory> {
  await collect();
  const text = await (await fetch(`${base}/metrics`)).text();
  const metric = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN) / 1024 / 1024;
  return { rssMb: metric('process_resident_memory_bytes'), heapUsedMb: metric('nodejs_heap_size_used_bytes') };
}

type SoakRequest = autocannon.Request & { label: string; hostile: boolean };

// Distinct words of the usual search-box length, as many as a search may have.
const LONGEST_ALLOWED_SEARCH = 'centres donnees intelligence artificielle valence enseignants formation energie souverainete numerique';

/** The request with a new body each time it is sent: `body(n)` for the n-th sending. */
function withEachTime(request: SoakRequest, body: (n: number) => unknown): SoakRequest {
  let sent = 0;
  return { ...request, setupRequest: (outgoing: autocannon.Request) => ({ ...outgoing, body: JSON.stringify(body((sent += 1))) }) };
}

/** The ids the editor's write needs: the subject article and a topic to link to it (again). */
async function idsFor(base: string, articleSlug: string) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `{ article(slug: "${articleSlug}") { id } topics(first: 1) { edges { node { id } } } }` }),
  });
  const { data } = (await response.json()) as { data: { article: { id: string }; topics: { edges: Array<{ node: { id: string } }> } } };
  return { articleId: data.article.id, topicId: data.topics.edges[0]!.node.id };
}

function requestsFor(
  keys: SoakKeys,
  subjects: { articleSlug: string; organisationSlug: string },
  ids: { articleId: string; topicId: string },
): SoakRequest[] {
  // As GraphQL clients send them today: refusals come back as 4xx (GraphQL over HTTP).
  const json = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
  const as = (key: string) => ({ ...json, authorization: `Bearer ${key}` });
  const post = (label: string, body: unknown, headers: Record<string, string> = json, hostile = false): SoakRequest => ({
    label,
    hostile,
    method: 'POST',
    path: '/graphql',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const persisted = (query: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256(query) } });
  const articlePage = `query SoakArticle($slug: String!) { article(slug: $slug) { id title lead people { edges { role node { fullName } } } organisations { edges { node { name } } } topics { edges { node { name } } } } }`;
  const exampleGet = `/graphql?${new URLSearchParams({ extensions: JSON.stringify(persisted(exampleQuery)) })}`;
  const deep = `{ article(slug: "${subjects.articleSlug}") { people { edges { node { articles { edges { node { people { edges { node { articles { edges { node { title } } } } } } } } } } } } } }`;
  const costly = `{ articles(first: 100) { edges { node { people(first: 100) { edges { node { articles(first: 100) { edges { node { title } } } } } } } } } }`;
  const aliases = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
  const wrongKey = `cgw_abcdefghij_${'x'.repeat(43)}`;

  return [
    // Anonymous readers, as the site sends them: full queries, persisted hashes, CDN-style GETs.
    post('anonymous list', { query: LIST_QUERY }),
    post('anonymous example (hash)', { extensions: persisted(exampleQuery) }),
    { label: 'anonymous example (GET)', hostile: false, method: 'GET', path: exampleGet, headers: { 'graphql-preflight': '1' } },
    post('anonymous article', { query: articlePage, variables: { slug: subjects.articleSlug } }),
    // Keyed clients: partners search and page through an organisation, a reader lists by title.
    post('partner search', { query: '{ search(query: "centres de donnees", first: 10) { edges { node { __typename } } } }' }, as(keys.partner)),
    post('partner organisation', { query: `{ organisation(slug: "${subjects.organisationSlug}") { name articles(first: 50) { edges { node { slug title } } } } }` }, as(keys.partner)),
    post('reader by title', { query: '{ articles(first: 50, orderBy: { field: TITLE, direction: ASC }) { edges { node { slug title } } } }' }, as(keys.read)),
    post('anonymous list (again)', { query: LIST_QUERY }),
    // The editor: drafts (never cached) and a write that invalidates cached results.
    post('editor drafts', { query: '{ articles(first: 20, filter: { statuses: [DRAFT, ARCHIVED] }) { totalCount edges { node { title status } } } }' }, as(keys.editor)),
    // Linking the topic again succeeds every time: a write, an audit record, and the cached
    // results that contain the article dropped.
    post('editor write', { query: `mutation { linkArticle(input: { article: "${ids.articleId}", entity: "${ids.topicId}" }) { article { id } errors { code } } }` }, as(keys.editor)),
    post('anonymous article (again)', { query: articlePage, variables: { slug: subjects.articleSlug } }),
    post('anonymous example (hash, again)', { extensions: persisted(exampleQuery) }),
    // Hostile.
    post('deep nesting', { query: deep }, json, true),
    post('huge cost', { query: costly }, json, true),
    post('1 000 aliases', { query: aliases }, json, true),
    post('page of 100 000', { query: '{ articles(first: 100000) { edges { node { title } } } }' }, json, true),
    post('batch of 50', JSON.stringify(Array.from({ length: 50 }, () => ({ query: '{ __typename }' }))), json, true),
    post('malformed JSON', '{"query": "{ articles', json, true),
    post('unknown field', { query: '{ passwords }' }, json, true),
    post('bad id', { query: '{ node(id: "not-an-id") { id } }' }, json, true),
    post('wrong key', { query: '{ __typename }' }, as(wrongKey), true),
    post('greedy partner', { query: '{ articles(first: 5) { edges { node { title } } } }' }, as(keys.greedy), true),
    post('2 MB body', { query: `{ __typename } # ${'x'.repeat(2_000_000)}` }, json, true),
    // Fills the response cache: the same pages of long reads, each with a comment of its own
    // (so a different text every time), and ever new pages (a cursor-less `first` that varies).
    withEachTime(post('cache filler (comments)', { query: '' }, json, true), (n) => ({
      query: `{ articles(first: 40) { edges { node { title body } } } } # ${n}`,
    })),
    withEachTime(post('cache filler (page sizes)', { query: '' }, json, true), (n) => ({
      query: `{ articles(first: ${1 + (n % 100)}) { edges { node { slug title lead } } } }`,
    })),
    // Searches that once held the database for seconds: 250 words, and the longest allowed.
    post('search of 250 words', { query: `{ search(query: "${'a '.repeat(250).trim()}", first: 10) { edges { node { __typename } } } }` }, json, true),
    post('longest allowed search', { query: `{ search(query: "${LONGEST_ALLOWED_SEARCH}", first: 10) { edges { node { __typename } } } }` }, json, true),
  ];
}

const started = performance.now();
const database = await soakDatabase();
const corpus = await prepareCorpus(database, articles, log);
const server = startServer(database.target);
try {
  const { port, keys } = await server.ready;
  const base = `http://127.0.0.1:${port}`;
  const requests = requestsFor(keys, corpus.subjects, await idsFor(base, corpus.subjects.articleSlug));
  const hostileShare = requests.filter((request) => request.hostile).length / requests.length;

  const byStatus = new Map<number, number>();
  const byCode = new Map<string, number>();
  const byLabel = new Map<string, Map<number, number>>();
  for (const request of requests) {
    const statuses = new Map<number, number>();
    byLabel.set(request.label, statuses);
    request.onResponse = (status: number, body: string) => {
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      let parsed: any;
      try {
        parsed = JSON.parse(body);
      } catch {
        if (status !== 200 && status !== 304) byCode.set(`(HTTP ${status}, no JSON)`, (byCode.get(`(HTTP ${status}, no JSON)`) ?? 0) + 1);
        return;
      }
      for (const result of Array.isArray(parsed) ? parsed : [parsed]) {
        for (const error of result?.errors ?? []) {
          const code = error.extensions?.code ?? '(no code)';
          byCode.set(code, (byCode.get(code) ?? 0) + 1);
        }
        // A mutation refused in its payload is an error too.
        for (const payload of Object.values(result?.data ?? {}) as Array<{ errors?: Array<{ code: string }> } | null>) {
          for (const error of payload?.errors ?? []) byCode.set(`payload ${error.code}`, (byCode.get(`payload ${error.code}`) ?? 0) + 1);
        }
      }
    };
  }

  // Warm-up: one round of every request, then the starting memory.
  await autocannon({ url: base, connections: 1, amount: requests.length, requests });
  byStatus.clear();
  byCode.clear();
  for (const statuses of byLabel.values()) statuses.clear();
  const memoryAtStart = await memoryOf(base, server.collect);

  log(`Soak: ${durationSeconds} s, ${connections} connections, ${requests.length} kinds of request (${Math.round(hostileShare * 100)} % hostile)...`);
  // Memory every tenth of the run, after a full GC: it should level off, not climb.
  const samples: Array<{ second: number; memory: Memory }> = [];
  const sampleEvery = Math.max(5, Math.round(durationSeconds / 10)) * 1000;
  const sampler = setInterval(() => {
    const second = Math.round((performance.now() - loadStarted) / 1000);
    void memoryOf(base, server.collect).then((memory) => samples.push({ second, memory }));
  }, sampleEvery);
  const loadStarted = performance.now();
  const result = await autocannon({ url: base, connections, duration: durationSeconds, requests });
  clearInterval(sampler);
  const memoryAtEnd = await memoryOf(base, server.collect);

  const served = [...byStatus.values()].reduce((sum, count) => sum + count, 0);
  const fiveHundreds = [...byStatus.entries()].filter(([status]) => status >= 500).reduce((sum, [, count]) => sum + count, 0);
  const line = (label: string, value: string | number) => console.log(`${label.padEnd(34)} ${value}`);
  console.log(`\nSoak of the gateway (${database.target.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}, ${articles} articles)`);
  line('duration / connections', `${durationSeconds} s / ${connections}`);
  line('requests served', `${served} (${Math.round(served / durationSeconds)}/s; p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms)`);
  line('transport errors / timeouts', `${result.errors} / ${result.timeouts}`);
  line('HTTP statuses', [...byStatus.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`).join(', '));
  line('5xx responses', fiveHundreds);
  console.log('errors by code');
  for (const [code, count] of [...byCode.entries()].sort(([, a], [, b]) => b - a)) line(`  ${code}`, count);
  console.log('statuses by request');
  for (const [label, statuses] of byLabel) {
    line(`  ${label}`, [...statuses.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`).join(', '));
  }
  const mb = (memory: Memory) => `RSS ${memory.rssMb.toFixed(0)} MB, heap used ${memory.heapUsedMb.toFixed(0)} MB`;
  line('gateway memory at start', `${mb(memoryAtStart)} (after warm-up and a full GC)`);
  for (const { second, memory } of samples) line(`  after ${second} s`, mb(memory));
  line('gateway memory at end', `${mb(memoryAtEnd)} (after a full GC)`);

  // Last, SIGTERM while keep-alive clients keep sending: the gateway must be gone within its
  // drain time (SHUTDOWN_TIMEOUT_MS) and exit 0 when in-flight requests finished in time.
  let keepAliveDone!: () => void;
  const keepAliveFinished = new Promise<void>((resolve) => (keepAliveDone = resolve));
  const keepAliveLoad = autocannon({ url: base, connections: 20, duration: 10, requests: requests.filter((request) => !request.hostile) }, () => keepAliveDone());
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const termination = await server.terminate();
  keepAliveLoad.stop();
  await keepAliveFinished;
  line('SIGTERM under keep-alive load', `gone after ${termination.ms} ms, exit code ${termination.code} (0: drained in time)`);
  line('total time', `${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (fiveHundreds > 0 || result.errors > 0 || termination.code !== 0) {
    console.error(`\nFAILED: ${fiveHundreds} responses with a 5xx status, ${result.errors} transport errors, exit code ${termination.code} after SIGTERM.`);
    process.exitCode = 1;
  }
} finally {
  await server.stop();
}
