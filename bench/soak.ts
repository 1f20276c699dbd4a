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
// limit, a browser form without CSRF header). It prints requests served, errors by code, the
// 5xx count (which must be 0) and the gateway's memory at the start and the end.
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
  return { ready, stop, collect };
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
    post('form without CSRF header', 'query=%7B__typename%7D', { 'content-type': 'application/x-www-form-urlencoded' }, true),
    post('2 MB body', { query: `{ __typename } # ${'x'.repeat(2_000_000)}` }, json, true),
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
  const result = await autocannon({ url: base, connections, duration: durationSeconds, requests });
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
  line('gateway memory at end', `${mb(memoryAtEnd)} (after a full GC)`);
  line('total time', `${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (fiveHundreds > 0 || result.errors > 0) {
    console.error(`\nFAILED: ${fiveHundreds} responses with a 5xx status, ${result.errors} transport errors.`);
    process.exitCode = 1;
  }
} finally {
  await server.stop();
}
