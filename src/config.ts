import { z } from 'zod';
import type { ImageProxy } from './images/image-proxy.js';
import type { Site } from './site.js';
import type { WebhookWorkerSettings } from './webhooks/worker.js';

// Every setting the gateway reads, validated once at start and passed down.
// Nothing else reads process.env. The README's "Running in production" section lists them.

const flag = (defaultValue: boolean) =>
  z
    .enum(['true', 'false'])
    .default(defaultValue ? 'true' : 'false')
    .transform((value) => value === 'true');

const count = (defaultValue: number, min = 0, max = 1_000_000_000) => z.coerce.number().int().min(min).max(max).default(defaultValue);

const list = (defaultValue: string) =>
  z
    .string()
    .default(defaultValue)
    .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean));

const optionalUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .transform((url) => url.replace(/\/+$/, ''))
  .optional()
  .or(z.literal('').transform(() => undefined));

const hex = z
  .string()
  .regex(/^([0-9a-fA-F]{2})+$/, 'must be hex-encoded bytes')
  .optional()
  .or(z.literal('').transform(() => undefined));

/** The image proxy, if configured; its signing pair must come whole. */
function imageProxy(url: string | undefined, key: string | undefined, salt: string | undefined): ImageProxy | null {
  if ((key === undefined) !== (salt === undefined)) throw new Error('Invalid configuration:\n  IMAGE_PROXY_KEY and IMAGE_PROXY_SALT go together');
  if (!url) return null;
  return { baseUrl: url, signing: key && salt ? { key: Buffer.from(key, 'hex'), salt: Buffer.from(salt, 'hex') } : null };
}

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATA_DIR: z.string().min(1).default('./data'),
  // PostgreSQL only: replicas that serve queries; mutations and the reads right after a
  // client's own mutation go to DATABASE_URL (src/db/read-routing.ts).
  DATABASE_READ_URLS: list('').pipe(z.array(z.string().regex(/^postgres(ql)?:\/\//, 'must be postgres:// URLs, comma-separated'))),
  // A replica replaying the primary's writes later than this is skipped until it catches up.
  DB_REPLICA_MAX_LAG_MS: count(5_000, 0, 3_600_000),
  // How often each replica's lag is measured (0: only when something asks, as tests do).
  DB_REPLICA_CHECK_INTERVAL_MS: count(1_000, 0, 600_000),
  // Off behind a pooler in transaction mode (PgBouncer): statements are not prepared by name,
  // and no setting travels as a startup parameter (which PgBouncer refuses).
  DB_PREPARED_STATEMENTS: flag(true),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  // PostgreSQL only: the server cancels a statement running longer than this (0: never).
  DB_STATEMENT_TIMEOUT_MS: count(5_000, 0, 600_000),
  // PostgreSQL only: how long a request waits for a connection before SERVICE_UNAVAILABLE.
  DB_CONNECT_TIMEOUT_MS: count(5_000, 100, 600_000),
  // The planner's cost of reading a random page, for the gateway's own sessions. PostgreSQL's
  // default (4) models spinning disks: on it the planner sorts all of a big organisation's
  // articles rather than read their index in order. 1.1 is the usual value for SSDs; 0 keeps
  // the server's setting (needed behind poolers that refuse startup options, like PgBouncer).
  DB_RANDOM_PAGE_COST: z.coerce.number().min(0).max(100).default(1.1),
  // On SIGTERM: how long in-flight requests may take before their connections are cut.
  SHUTDOWN_TIMEOUT_MS: count(10_000, 0, 600_000),
  // Off: no column selection, statement templates or named prepared statements; every query
  // answers the same, only slower. For ruling them out when an answer looks wrong.
  OPTIMISATIONS: flag(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED_DEMO: flag(true),
  // The public site the content is published on: canonical article URLs and the JSON-LD publisher.
  SITE_BASE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL, like "https://www.example.fr"' })
    .default('https://www.example.fr')
    .transform((url) => url.replace(/\/+$/, '')),
  SITE_NAME: z.string().min(1).max(200).default('Content gateway demo site'),
  // The publisher's logo in the JSON-LD (an image URL); none when unset.
  SITE_LOGO_URL: optionalUrl,
  // The image proxy making renditions (imgproxy's URL convention, src/images/image-proxy.ts);
  // without it, renditions are the original's URL. KEY and SALT: its signing pair, hex, both or neither.
  IMAGE_PROXY_URL: optionalUrl,
  IMAGE_PROXY_KEY: hex,
  IMAGE_PROXY_SALT: hex,
  // Signs preview tokens (src/auth/preview-token.ts). Unset: a random one per process, with a
  // warning: tokens then die with the process and one gateway's are refused by another.
  PREVIEW_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),

  // Limits on what one request may ask for (src/plugins/limits.ts).
  MAX_DEPTH: count(10, 1, 1000),
  MAX_COST: count(25_000, 1),
  MAX_ALIASES: count(20, 0, 10_000),
  MAX_TOKENS: count(2_000, 10, 1_000_000),
  MAX_DIRECTIVES: count(20, 0, 10_000),
  MAX_BODY_BYTES: count(1_000_000, 1_000),
  MAX_BATCH: count(0, 0, 100),
  // Distinct query texts kept parsed, validated and compiled (src/plugins/document-cache.ts).
  DOCUMENT_CACHE_MAX_ENTRIES: count(128, 1, 100_000),
  // Lists and objects nested in a request's variables; no input of the schema needs more than 3.
  MAX_VARIABLES_DEPTH: count(10, 1, 1000),

  // Error hygiene and browsers (src/plugins/http-hygiene.ts).
  INTROSPECTION: flag(true),
  // Off by default: keys travel in the Authorization header, never in cookies, so a forged
  // request carries no credential. Turn it on if a deployment adds cookie authentication.
  CSRF_PREVENTION: flag(false),
  CORS_ORIGINS: list('*'),

  // Response cache (src/plugins/response-cache.ts); in Redis when REDIS_URL is set.
  RESPONSE_CACHE: flag(true),
  RESPONSE_CACHE_TTL_SECONDS: count(60, 1, 86_400),
  // The in-memory cache's budget (Redis has its own, maxmemory): the results' JSON bytes plus bookkeeping.
  RESPONSE_CACHE_MAX_BYTES: count(64 * 1024 * 1024, 64 * 1024, 2 ** 40),
  // A result whose JSON is bigger is not cached (in memory or Redis): it would push out many small ones.
  RESPONSE_CACHE_MAX_ENTRY_BYTES: count(1024 * 1024, 1_024, 2 ** 40),
  HTTP_MAX_AGE_SECONDS: count(30, 0, 86_400),

  // Shared state for N gateways: response cache and rate-limit counters.
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  REDIS_KEY_PREFIX: z.string().default('cgw:'),

  // Persisted operations (src/plugins/persisted-operations.ts).
  PERSISTED_OPERATIONS_FILE: z.string().min(1).default('persisted-operations.json'),
  PERSISTED_ONLY_ANONYMOUS: flag(false),
  APQ_MAX_ENTRIES: count(1_000, 0),

  // Rate limits (src/plugins/rate-limit.ts): requests per window, per API key or per IP.
  RATE_LIMIT: flag(true),
  RATE_LIMIT_WINDOW_SECONDS: count(60, 1, 86_400),
  RATE_LIMIT_ANONYMOUS: count(300, 1),
  RATE_LIMIT_READ: count(1_200, 1),
  RATE_LIMIT_PARTNER: count(6_000, 1),
  RATE_LIMIT_EDITOR: count(6_000, 1),
  // How many proxies (load balancer, CDN) append to X-Forwarded-For in front of the gateway.
  TRUST_PROXY_HOPS: count(0, 0, 10),

  // Observability (src/plugins/metrics.ts).
  METRICS: flag(true),
  METRICS_OPERATION_NAMES: flag(false),

  // Webhooks (src/webhooks/worker.ts): the worker every gateway runs to deliver the outbox.
  WEBHOOK_WORKER: flag(true),
  WEBHOOK_POLL_INTERVAL_MS: count(1_000, 10, 600_000),
  WEBHOOK_TIMEOUT_MS: count(10_000, 100, 120_000),
  WEBHOOK_MAX_ATTEMPTS: count(8, 1, 100),
  // The first retry waits this long, each next one twice as long (at most six hours).
  WEBHOOK_BACKOFF_BASE_MS: count(30_000, 1, 3_600_000),
});

export type LogLevel = z.infer<typeof configSchema>['LOG_LEVEL'];

export interface LimitSettings {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  maxBodyBytes: number;
  /** Operations per batched request; 0 turns batching off. */
  maxBatch: number;
  /** Distinct query texts kept parsed and compiled: each costs up to about 0.6 MB of heap. */
  documentCacheEntries: number;
  maxVariablesDepth: number;
}

export interface HttpSettings {
  introspection: boolean;
  csrfPrevention: boolean;
  /** Allowed browser origins; ['*'] for any, [] for no CORS headers at all. */
  corsOrigins: string[];
  trustProxyHops: number;
}

export interface CacheSettings {
  enabled: boolean;
  ttlSeconds: number;
  /** The in-memory store's budget, in bytes. */
  maxBytes: number;
  /** Results whose JSON is bigger are not cached. */
  maxEntryBytes: number;
  /** What Cache-Control tells browsers and CDNs, which no mutation can invalidate. */
  httpMaxAgeSeconds: number;
}

export interface RedisSettings {
  url: string | undefined;
  keyPrefix: string;
}

export interface PersistedOperationSettings {
  file: string;
  anonymousOnlyPersisted: boolean;
  apqMaxEntries: number;
}

export interface RateLimitSettings {
  enabled: boolean;
  windowSeconds: number;
  /** Requests per window: anonymous ones per IP, keyed ones per key (a key's own rate_limit wins). */
  budgets: { anonymous: number; read: number; partner: number; editor: number };
}

export interface MetricsSettings {
  enabled: boolean;
  operationNames: boolean;
}

export interface WebhookSettings {
  /** Off: this gateway delivers nothing (others on the same database still do). */
  worker: boolean;
  delivery: WebhookWorkerSettings;
}

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** Read replicas (DATABASE_READ_URLS); empty: everything goes to databaseUrl. */
  readUrls: string[];
  replicaMaxLagMs: number;
  replicaCheckIntervalMs: number;
  preparedStatements: boolean;
  dataDir: string;
  poolSize: number;
  statementTimeoutMs: number;
  connectTimeoutMs: number;
  randomPageCost: number;
  shutdownTimeoutMs: number;
  optimisations: boolean;
  logLevel: LogLevel;
  seedDemo: boolean;
  limits: LimitSettings;
  http: HttpSettings;
  cache: CacheSettings;
  redis: RedisSettings;
  site: Site;
  /** PREVIEW_SECRET; null: an ephemeral one is made at start. */
  preview: { secret: string | null };
  persisted: PersistedOperationSettings;
  rateLimit: RateLimitSettings;
  metrics: MetricsSettings;
  webhooks: WebhookSettings;
};

/** What the HTTP app needs of the configuration (createGateway). */
export type GatewaySettings = Pick<Config, 'limits' | 'http' | 'cache' | 'redis' | 'site' | 'preview' | 'persisted' | 'rateLimit' | 'metrics'>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const settings = parsed.data;
  return {
    port: settings.PORT,
    host: settings.HOST,
    databaseUrl: settings.DATABASE_URL,
    readUrls: settings.DATABASE_READ_URLS,
    replicaMaxLagMs: settings.DB_REPLICA_MAX_LAG_MS,
    replicaCheckIntervalMs: settings.DB_REPLICA_CHECK_INTERVAL_MS,
    preparedStatements: settings.DB_PREPARED_STATEMENTS,
    dataDir: settings.DATA_DIR,
    poolSize: settings.DB_POOL_SIZE,
    statementTimeoutMs: settings.DB_STATEMENT_TIMEOUT_MS,
    connectTimeoutMs: settings.DB_CONNECT_TIMEOUT_MS,
    randomPageCost: settings.DB_RANDOM_PAGE_COST,
    shutdownTimeoutMs: settings.SHUTDOWN_TIMEOUT_MS,
    optimisations: settings.OPTIMISATIONS,
    logLevel: settings.LOG_LEVEL,
    seedDemo: settings.SEED_DEMO,
    site: {
      baseUrl: settings.SITE_BASE_URL,
      name: settings.SITE_NAME,
      logoUrl: settings.SITE_LOGO_URL ?? null,
      imageProxy: imageProxy(settings.IMAGE_PROXY_URL, settings.IMAGE_PROXY_KEY, settings.IMAGE_PROXY_SALT),
    },
    preview: { secret: settings.PREVIEW_SECRET ?? null },
    limits: {
      maxDepth: settings.MAX_DEPTH,
      maxCost: settings.MAX_COST,
      maxAliases: settings.MAX_ALIASES,
      maxTokens: settings.MAX_TOKENS,
      maxDirectives: settings.MAX_DIRECTIVES,
      maxBodyBytes: settings.MAX_BODY_BYTES,
      maxBatch: settings.MAX_BATCH,
      documentCacheEntries: settings.DOCUMENT_CACHE_MAX_ENTRIES,
      maxVariablesDepth: settings.MAX_VARIABLES_DEPTH,
    },
    http: {
      introspection: settings.INTROSPECTION,
      csrfPrevention: settings.CSRF_PREVENTION,
      corsOrigins: settings.CORS_ORIGINS,
      trustProxyHops: settings.TRUST_PROXY_HOPS,
    },
    cache: {
      enabled: settings.RESPONSE_CACHE,
      ttlSeconds: settings.RESPONSE_CACHE_TTL_SECONDS,
      maxBytes: settings.RESPONSE_CACHE_MAX_BYTES,
      maxEntryBytes: settings.RESPONSE_CACHE_MAX_ENTRY_BYTES,
      httpMaxAgeSeconds: settings.HTTP_MAX_AGE_SECONDS,
    },
    redis: { url: settings.REDIS_URL, keyPrefix: settings.REDIS_KEY_PREFIX },
    persisted: {
      file: settings.PERSISTED_OPERATIONS_FILE,
      anonymousOnlyPersisted: settings.PERSISTED_ONLY_ANONYMOUS,
      apqMaxEntries: settings.APQ_MAX_ENTRIES,
    },
    rateLimit: {
      enabled: settings.RATE_LIMIT,
      windowSeconds: settings.RATE_LIMIT_WINDOW_SECONDS,
      budgets: {
        anonymous: settings.RATE_LIMIT_ANONYMOUS,
        read: settings.RATE_LIMIT_READ,
        partner: settings.RATE_LIMIT_PARTNER,
        editor: settings.RATE_LIMIT_EDITOR,
      },
    },
    metrics: { enabled: settings.METRICS, operationNames: settings.METRICS_OPERATION_NAMES },
    webhooks: {
      worker: settings.WEBHOOK_WORKER,
      delivery: {
        pollIntervalMs: settings.WEBHOOK_POLL_INTERVAL_MS,
        timeoutMs: settings.WEBHOOK_TIMEOUT_MS,
        maxAttempts: settings.WEBHOOK_MAX_ATTEMPTS,
        backoffBaseMs: settings.WEBHOOK_BACKOFF_BASE_MS,
        // Long enough for a delivery and its record; a gateway that died frees its rows after it.
        leaseMs: 2 * settings.WEBHOOK_TIMEOUT_MS + 30_000,
        batchSize: 20,
      },
    },
  };
}
