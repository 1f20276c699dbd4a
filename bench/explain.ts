import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import type { DatabaseHandle } from '../src/db/connect.js';
import type { Database } from '../src/db/types.js';
import { createGateway } from '../src/yoga.js';
import { benchDatabase } from './bench-database.js';
import { prepareCorpus } from './corpus.js';
import type { GraphQLBody } from './graphql-post.js';
import { openPool } from './open-pool.js';
import { SCENARIO_NAMES, type ScenarioName } from './options.js';
import { API_SHAPE_QUERY, SCENARIOS, toApiShape } from './scenarios.js';

// `npx tsx bench/explain.ts [--articles 20000] [scenario...]`: every statement the gateway sends
// for a scenario's request, with its EXPLAIN (ANALYZE, BUFFERS) plan, on the bench database.
// The gateway runs in this process on a Kysely that records what it sends.

const { values, positionals } = parseArgs({ options: { articles: { type: 'string', default: '20000' } }, allowPositionals: true });
const names = (positionals.length > 0 ? positionals : ['list', 'filter']) as ScenarioName[];
const unknown = names.filter((name) => !(SCENARIO_NAMES as readonly string[]).includes(name));
if (unknown.length > 0) throw new Error(`Unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIO_NAMES.join(', ')}.`);

const articles = Number(values.articles);
const bench = await benchDatabase(loadConfig(), articles);
const { subjects } = await prepareCorpus(bench, articles, (line) => console.error(line));
const { target } = bench;
const { pool, close } = await openPool(target);

let sent: CompiledQuery[] = [];
const db = new Kysely<Database>({
  dialect: new PostgresDialect({ pool }),
  log: (event) => {
    if (event.level === 'query') sent.push(event.query);
  },
});
const database: DatabaseHandle = {
  db,
  kind: target.kind,
  optimisations: true,
  get statementCount() {
    return sent.length;
  },
  isReachable: async () => true,
  close,
};
// The gateway's own work on every request: no response cache, no rate limit.
const gateway = createGateway({ database, logger: pino({ level: 'silent' }), settings: loadConfig({ RESPONSE_CACHE: 'false', RATE_LIMIT: 'false' }) });

async function post(body: GraphQLBody): Promise<any> {
  const response = await gateway.fetch('http://bench/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.json();
}

try {
  const api = toApiShape((await post({ query: API_SHAPE_QUERY })).data);
  for (const scenario of SCENARIOS.filter(({ name }) => names.includes(name))) {
    const missing = scenario.missing(api);
    if (missing) {
      console.log(`== ${scenario.name}: skipped, ${missing}\n`);
      continue;
    }
    const body = await scenario.body({ api, subjects, post });
    await post(body); // warms the caches, as the bench's warm-up does
    sent = [];
    const { errors } = await post(body);
    if (errors) console.log(`(the request returned errors: ${JSON.stringify(errors).slice(0, 300)})`);
    const statements = sent;
    console.log(`== ${scenario.name}: ${statements.length} statements\n`);
    for (const [index, statement] of statements.entries()) {
      const { rows } = await pool.query(`explain (analyze, buffers) ${statement.sql}`, [...statement.parameters]);
      console.log(`-- statement ${index + 1}\n${statement.sql}\n-- parameters: ${JSON.stringify(statement.parameters)}`);
      console.log(`${rows.map((row) => row['QUERY PLAN']).join('\n')}\n`);
    }
  }
} finally {
  await close();
}
