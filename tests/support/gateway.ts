import { readFile } from 'node:fs/promises';
import pino from 'pino';
import { test as base } from 'vitest';
import { importContent } from '../../src/content/importer.js';
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
  /** POSTs a GraphQL operation through `yoga.fetch`, no port opened. */
  execute(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse>;
}

export async function createTestGateway(database: DatabaseHandle): Promise<TestGateway> {
  const yoga = createGateway({ database, logger: pino({ level: 'silent' }) });
  return {
    database,
    yoga,
    async execute(query, variables) {
      const before = database.statementCount;
      const response = await yoga.fetch('http://gateway/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query, variables }),
      });
      const body = await response.json();
      return { status: response.status, body, statements: database.statementCount - before };
    },
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
      await use(await createTestGateway(database));
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
