import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type KyselyPlugin } from 'kysely';
import pg from 'pg';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import type { Database } from './types.js';

export type DatabaseTarget = (
  // statementTimeoutMs: the server cancels longer statements; connectTimeoutMs: how long a
  // query waits for a connection (a dead or unreachable server fails fast instead of hanging).
  | { kind: 'postgres'; url: string; poolSize: number; statementTimeoutMs?: number; connectTimeoutMs?: number }
  // dataDir 'memory://' keeps everything in memory; loadDataDir starts from a dump. owner names
  // this process in the folder's lock, for the refusal anyone else opening it gets.
  // templateDir: a closed, migrated data folder, copied into dataDir when that holds no database yet.
  | { kind: 'pglite'; dataDir: string; loadDataDir?: Blob; templateDir?: string; owner?: string }
) & {
  /** The planner's random_page_cost for these sessions (DB_RANDOM_PAGE_COST); unset or 0: the server's. */
  randomPageCost?: number;
  /** OPTIMISATIONS: statement templates and named prepared statements; unset: on. */
  optimisations?: boolean;
  /**
   * DB_PREPARED_STATEMENTS, PostgreSQL only; unset: on. Off for a pooler in transaction mode:
   * a name prepared on one server connection is unknown on the next one the pooler lends, and
   * startup parameters (`options`) are refused, so none is sent (random_page_cost and
   * plan_cache_mode then come from the server: ALTER ROLE ... SET).
   */
  preparedStatements?: boolean;
};

/** What may differ between handles on one database. */
export interface HandleSettings {
  optimisations: boolean;
  /** False with optimisations off, or behind a pooler (DB_PREPARED_STATEMENTS=false). */
  preparedStatements?: boolean;
}

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseTarget['kind'];
  /**
   * OPTIMISATIONS: statements are compiled once per shape (statement-templates.ts) and
   * prepared by name; the gateway also reads only the selected columns. Off, every statement is
   * built, compiled and planned anew, and lists read whole rows: the same answers, slower.
   */
  readonly optimisations: boolean;
  /** Statements sent since start: tests and the bench read it to count SQL per request. */
  readonly statementCount: number;
  isReachable(): Promise<boolean>;
  close(): Promise<void>;
  /** PGlite only: a tarball of the data folder, to clone a migrated database quickly. */
  dump?(): Promise<Blob>;
  /**
   * Another handle on the same database (for PGlite, the same instance) through a pool of its
   * own, with other settings: tests compare answers with optimisations on and off. Closing it
   * leaves this handle open. (Handles from openDatabase have it.)
   */
  sibling?(settings: HandleSettings): DatabaseHandle;
}

const DATE_OID = 1082;

// Dates stay 'YYYY-MM-DD' strings: a JS Date would shift them by the time zone.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === DATE_OID ? (value: string) => value : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * At most this many statement texts are prepared by name, on each connection. Texts vary with
 * what clients select (lists read only the selected columns) and filter on: without a bound, a
 * client sending many variants would make every connection keep a plan for each. Texts beyond
 * it run unnamed, planned each time, as Kysely sends them.
 */
export const MAX_NAMED_STATEMENTS = 500;

const statementNames = new Map<string, string>();

/** A stable name per statement text (the same text always gets the same name); null past the bound. */
function statementName(text: string): string | null {
  let name = statementNames.get(text);
  if (!name) {
    if (statementNames.size >= MAX_NAMED_STATEMENTS) return null;
    name = `k${createHash('sha1').update(text).digest('base64url')}`;
    statementNames.set(text, name);
  }
  return name;
}

interface StatementSending {
  /** Statements are prepared by name: optimisations on, and no pooler in the way. */
  named: boolean;
  /** How long the client waits for an answer before it gives the connection up; 0: as long as it takes. */
  readTimeoutMs: number;
}

/**
 * How Kysely's statements reach pg. By name, when they are prepared: Kysely sends every
 * statement unnamed, so PostgreSQL would parse and plan it again on each request; named, pg
 * prepares it once per connection and then only binds and executes it (and after five runs
 * PostgreSQL may keep a generic plan too).
 *
 * Through pg's callback form, with the read timeout kept here rather than by pg's
 * query_timeout: pg's promise form and its query_timeout each assign a new arrow function to a
 * property of the query. V8 allocates a function literal assigned to a property straight in the
 * old generation, where, dead once the statement is answered, it keeps what it reaches (the
 * rows) alive through every young collection until the next full one. Our callbacks are
 * arguments, allocated young like the rest of the request.
 *
 * After a read timeout the statement may still be running on the server, and the connection
 * would be stuck behind it: it is closed instead, so that the pool drops it rather than lend it
 * again.
 */
function sendStatements(client: pg.PoolClient, { named, readTimeoutMs }: StatementSending): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((text: unknown, values: unknown, ...rest: unknown[]) => {
    // Anything but Kysely's call (a text and its values) goes to pg as it is, without the read
    // timeout: the gateway sends nothing else.
    if (typeof text !== 'string' || !Array.isArray(values) || rest.length > 0) return query(text, values, ...rest);
    const name = named ? statementName(text) : null;
    return new Promise((resolve, reject) => {
      const giveUp = () => {
        reject(new Error(READ_TIMEOUT_MESSAGE));
        // end() marks the client as ending at once (the pool then drops it on release) and, with a
        // query still active, destroys the socket rather than wait for the server.
        client.end().catch(() => {});
      };
      const timer = readTimeoutMs > 0 ? setTimeout(giveUp, readTimeoutMs) : null;
      const answer = (error: Error | null, result: pg.QueryResult) => {
        if (timer) clearTimeout(timer);
        if (error) reject(error);
        else resolve(result);
      };
      query(name ? { name, text, values } : { text, values }, answer);
    });
  }) as typeof client.query;
}

/**
 * The planner settings of the gateway's sessions. With optimisations, a named statement keeps
 * one generic plan: PostgreSQL would otherwise plan again on every run each statement whose
 * custom plan it estimates cheaper (any statement taking ids as `= any($1)`: a custom plan
 * knows how many), and planning a page's nested lists cost it about three times running them
 * (bench/explain.ts, npm run bench: PG CPU ms/req). Values are numbers and constants, checked
 * by the configuration: SET takes no bound parameters.
 */
export function sessionSettings(target: DatabaseTarget): Array<[name: string, value: string]> {
  if (!preparesStatements(target)) return [];
  return [
    ...(target.randomPageCost ? [['random_page_cost', String(Number(target.randomPageCost))] as [string, string]] : []),
    ...((target.optimisations ?? true) ? [['plan_cache_mode', 'force_generic_plan'] as [string, string]] : []),
  ];
}

/** How much longer than the server's statement timeout the client waits for an answer. */
const CLIENT_TIMEOUT_MARGIN_MS = 1_000;

const READ_TIMEOUT_MESSAGE = 'Query read timeout';

export function isReadTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === READ_TIMEOUT_MESSAGE;
}

const PGLITE_SHARED_BUFFERS_MB = 32;

/** What the pools of one database share: PGlite's instance, closed and dumped once. */
interface Engine {
  close(): Promise<void>;
  dump?(): Promise<Blob>;
}

/** Whether statements are prepared by name: optimisations on, and no pooler in the way. */
function preparesStatements(target: DatabaseTarget): boolean {
  return (target.optimisations ?? true) && (target.kind === 'pglite' || (target.preparedStatements ?? true));
}

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  let newPool: () => pg.Pool;
  let engine: Engine = { close: async () => {} };
  const settings = sessionSettings(target);
  if (target.kind === 'postgres') {
    newPool = () =>
      new pg.Pool({
        connectionString: target.url,
        max: target.poolSize,
        types,
        ...(target.statementTimeoutMs ? { statement_timeout: target.statementTimeoutMs } : {}),
        ...(target.connectTimeoutMs ? { connectionTimeoutMillis: target.connectTimeoutMs } : {}),
        ...(settings.length > 0 ? { options: settings.map(([name, value]) => `-c ${name}=${value}`).join(' ') } : {}),
      });
  } else {
    let lock: DataDirLock | undefined;
    if (!target.dataDir.startsWith('memory://')) {
      await mkdir(target.dataDir, { recursive: true });
      // One process per folder (see data-dir-lock.ts): refuse before PGlite reads anything.
      lock = await lockDataDir(target.dataDir, target.owner ?? path.basename(process.argv[1] ?? 'node'));
      // Copied as files, under the lock: loading a dump would pass it through PGlite's memory, which never shrinks.
      if (target.templateDir && !existsSync(path.join(target.dataDir, 'PG_VERSION'))) {
        await cp(target.templateDir, target.dataDir, { recursive: true }).catch((error) => {
          lock?.release();
          throw error;
        });
      }
    }
    // Loaded only here: a gateway on PostgreSQL never pays PGlite's modules in memory and start-up.
    const [{ PGlite }, { pg_trgm }, { unaccent }, { createPgConfig }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite/contrib/pg_trgm'),
      import('@electric-sql/pglite/contrib/unaccent'),
      import('@electric-sql/pglite/node-postgres'),
    ]);
    let pglite: PGlite;
    try {
      pglite = await PGlite.create(target.dataDir, {
        extensions: { unaccent, pg_trgm },
        // PostgreSQL's default 128 MB of shared buffers live in the process's WebAssembly memory,
        // all of it touched at start (about 100 MB of RSS more than 32 MB; npm run bench -- --startup).
        startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS_MB}MB`],
        ...(target.loadDataDir ? { loadDataDir: target.loadDataDir } : {}),
      });
    } catch (error) {
      lock?.release();
      throw error;
    }
    // PGlite is one session: a SET holds for everything the gateway sends it.
    for (const [name, value] of settings) await pglite.exec(`set ${name} = ${value}`);
    // The pools do not own the instance: ending one leaves it open for the others.
    newPool = () => new pg.Pool({ ...createPgConfig(pglite), types });
    engine = {
      close: async () => {
        if (!pglite.closed) await pglite.close();
        // Only once PGlite has written everything out may another process open the folder.
        lock?.release();
      },
      dump: () => pglite.dumpDataDir('gzip'),
    };
  }
  // A server that hangs cannot cancel anything: the client gives up a little after the server's timeout.
  const readTimeoutMs = target.kind === 'postgres' && target.statementTimeoutMs ? target.statementTimeoutMs + CLIENT_TIMEOUT_MARGIN_MS : 0;
  const connector = { newPool, kind: target.kind, readTimeoutMs };
  return handleOn(connector, { optimisations: target.optimisations ?? true, preparedStatements: preparesStatements(target) }, engine);
}

/** How a handle reaches its database: its pools, and how long their clients wait for an answer. */
interface Connector {
  newPool: () => pg.Pool;
  kind: DatabaseTarget['kind'];
  readTimeoutMs: number;
}

/** A handle over a new pool of `connector`; closing it also closes `engine`. */
function handleOn(connector: Connector, settings: HandleSettings, engine: Engine): DatabaseHandle {
  const { kind, readTimeoutMs } = connector;
  const pool = connector.newPool();
  // A client that loses its server (restart, pg_terminate_backend) must not crash the process:
  // the pool listens on idle clients only; a client in use fails its query (the request gets
  // SERVICE_UNAVAILABLE) and also emits 'error', which nothing would listen to.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
    sendStatements(client, { named: settings.optimisations && (settings.preparedStatements ?? true), readTimeoutMs });
  });

  let statementCount = 0;
  const kysely = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: () => {
      statementCount += 1;
    },
  });
  const db = settings.optimisations ? kysely : kysely.withPlugin(buildEveryStatement);

  return {
    db,
    kind,
    optimisations: settings.optimisations,
    get statementCount() {
      return statementCount;
    },
    async isReachable() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await kysely.destroy();
      await engine.close();
    },
    ...(engine.dump ? { dump: engine.dump } : {}),
    sibling: (other) => handleOn(connector, { preparedStatements: settings.preparedStatements, ...other }, { ...engine, close: async () => {} }),
  };
}

/**
 * Marks the database of a handle with optimisations off. A plugin, because plugins travel with
 * a Kysely instance into the per-request handles and transactions that repositories receive;
 * it changes nothing in the statements themselves.
 */
const buildEveryStatement: KyselyPlugin = {
  transformQuery: (args) => args.node,
  transformResult: async (args) => args.result,
};

/** True on a handle with OPTIMISATIONS=false: statements are built anew on each call (statement-templates.ts). */
export function buildsEveryStatement(db: Kysely<Database>): boolean {
  // getExecutor() is marked internal, but is the one way to read a handle's plugins (kysely 0.28).
  return db.getExecutor().plugins.includes(buildEveryStatement);
}

/** The database the configuration names: PostgreSQL when DATABASE_URL is set, else PGlite in the data folder. */
export function targetFromConfig(
  config: {
    databaseUrl: string | undefined;
    dataDir: string;
    poolSize: number;
    randomPageCost: number;
    optimisations: boolean;
    preparedStatements: boolean;
  },
  /** Who opens it, as named in the PGlite folder's lock: "the gateway", "scripts/import.ts"... */
  owner?: string,
): DatabaseTarget {
  const { randomPageCost, optimisations, preparedStatements } = config;
  return config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl, poolSize: config.poolSize, randomPageCost, optimisations, preparedStatements }
    : { kind: 'pglite', dataDir: config.dataDir, randomPageCost, optimisations, ...(owner ? { owner } : {}) };
}
