import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { sessionSettings, type DatabaseHandle } from '../src/db/connect.js';
import type { Database } from '../src/db/types.js';
import { createGateway } from '../src/yoga.js';
import { benchDatabase } from './bench-database.js';
import { prepareCorpus } from './corpus.js';
import type { GraphQLBody } from './graphql-post.js';
import { openPool } from './open-pool.js';
import { SCENARIO_NAMES, type ScenarioName } from './options.js';
import { API_SHAPE_QUERY, SCENARIOS, toApiShape } from './scenarios.js';

// `npx tsx bench/explain.ts [--articles 20000] [scenario...]`: every statement the gateway sends
// for a scenario's request, with its plan as the gateway's sessions run it (see planOf) and what
// running it cost (ANALYZE, BUFFERS), on the bench database.
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

/**
 * A statement's plan as the gateway's sessions run it. On PostgreSQL they run named statements
 * under one generic plan (src/db/connect.ts, sessionSettings), which an EXPLAIN of the text with
 * its values does not show: it plans for those values. There the statement runs as the gateway
 * runs it, and auto_explain sends its plan as a notice. PGlite has no auto_explain: EXPLAIN it is.
 */
async function planOf(statement: CompiledQuery, name: string): Promise<string> {
  if (target.kind !== 'postgres') {
    const { rows } = await pool.query(`explain (analyze, buffers) ${statement.sql}`, [...statement.parameters]);
    return ['(a custom plan, for these values: PGlite has no auto_explain)', ...rows.map((row) => row['QUERY PLAN'])].join('\n');
  }
  const client = await pool.connect();
  const notices: string[] = [];
  const noticed = (notice: { message?: string }) => notices.push(notice.message ?? '');
  client.on('notice', noticed);
  try {
    for (const [setting, value] of sessionSettings(target)) await client.query('select set_config($1, $2, false)', [setting, value]);
    await client.query(`load 'auto_explain'`);
    for (const [setting, value] of Object.entries(autoExplain)) await client.query('select set_config($1, $2, false)', [setting, value]);
    // the last of a few runs: the first also fills the session's caches
    for (let run = 0; run < 3; run += 1) {
      notices.length = 0;
      await client.query({ name, text: statement.sql, values: [...statement.parameters] });
    }
    return notices.join('\n');
  } finally {
    client.off('notice', noticed);
    client.release(true); // its settings and prepared statement go with it
  }
}

// in this order: statements are reported from the last one on
const autoExplain = {
  'auto_explain.log_level': 'notice',
  'auto_explain.log_analyze': 'on',
  'auto_explain.log_buffers': 'on',
  'auto_explain.log_min_duration': '0',
};

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
      console.log(`-- statement ${index + 1}\n${statement.sql}\n-- parameters: ${JSON.stringify(statement.parameters)}`);
      console.log(`${await planOf(statement, `explain_${scenario.name}_${index}`)}\n`);
    }
  }
} finally {
  await close();
}
