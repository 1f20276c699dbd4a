import { readFile } from 'node:fs/promises';
import pino from 'pino';
import { test as base } from 'vitest';
import { generateApiKey, type Scope } from '../../src/auth/api-key.js';
import { loadConfig } from '../../src/config.js';
import { importContent } from '../../src/content/importer.js';
import { insertApiKey } from '../../src/repositories/api-key.js';
import { seedSynthetic } from '../../src/content/synthetic.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { createGateway, type Gateway } from '../../src/yoga.js';
import { openTestDatabase } from './database.js';

export interface GraphQLResponse {
  status: number;
  /** The parsed JSON body: `data` and `errors` as the client sees them. */
  body: any;
  /** SQL statements the request caused. */
  statements: number;
}

export interface TestGateway {
  database: DatabaseHandle;
  yoga: Gateway;
  /** POSTs a GraphQL operation through `yoga.fetch`, no port opened; `key` goes in as a Bearer token. */
  execute(query: string, variables?: Record<string, unknown>, options?: { key?: string }): Promise<GraphQLResponse>;
  /** Creates an API key with these scopes and returns it. */
  createKey(scopes: Scope[], name?: string): Promise<string>;
  /** What the gateway logged so far, one JSON line per entry. */
  logLines(): string[];
}

/**
 * The settings of test gateways: production defaults, except
 * - the response cache and rate limits, which would make statement counts and repeated
 *   requests depend on what ran before (tests/response-cache.test.ts and
 *   tests/rate-limit.test.ts turn them on through `env`);
 * - MAX_COST: batching.test.ts proves its point with a page of 100 articles and every nested
 *   list (cost 188 001). tests/limits.test.ts checks that the documented queries pass the
 *   default limits.
 */
export function testSettings(env: Record<string, string> = {}) {
  return loadConfig({ RESPONSE_CACHE: 'false', RATE_LIMIT: 'false', MAX_COST: '1000000', ...env });
}

export async function createTestGateway(database: DatabaseHandle, env: Record<string, string> = {}): Promise<TestGateway> {
  const logged: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logged.push(line) });
  const yoga = createGateway({ database, logger, settings: testSettings(env) });
  return {
    database,
    yoga,
    async execute(query, variables, options = {}) {
      const before = database.statementCount;
      const response = await yoga.fetch('http://gateway/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json',
          ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = await response.json();
      return { status: response.status, body, statements: database.statementCount - before };
    },
    async createKey(scopes, name = `test key ${scopes.join('+')}`) {
      const material = generateApiKey();
      await insertApiKey(database.db, { name, prefix: material.prefix, hash: material.hash, scopes });
      return material.key;
    },
    logLines: () => logged,
  };
}

export async function readSeedContent(): Promise<unknown> {
  return JSON.parse(await readFile(new URL('../../src/content/seed/seed-article.json', import.meta.url), 'utf8'));
}

/**
 * `gateway`: the real app over a fresh database for this file. `seeded`: the same, with the
 * seed story imported through the real importer. `corpus`: with 1 000 synthetic articles.
 */
export const test = base.extend<{ gateway: TestGateway; seeded: TestGateway; corpus: TestGateway }>({
  gateway: [
    async ({}, use) => {
      const database = await openTestDatabase();
      const gateway = await createTestGateway(database);
      await use(gateway);
      await gateway.yoga.dispose();
      await database.close();
    },
    { scope: 'file' },
  ],
  seeded: [
    async ({ gateway }, use) => {
      const report = await importContent(gateway.database.db, await readSeedContent());
      if (report.rejected.length) throw new Error(`Seed rejected: ${JSON.stringify(report.rejected)}`);
      await use(gateway);
    },
    { scope: 'file' },
  ],
  corpus: [
    async ({ gateway }, use) => {
      await seedSynthetic(gateway.database.db, { articles: 1000 });
      await use(gateway);
    },
    { scope: 'file' },
  ],
});

export { describe, expect } from 'vitest';
