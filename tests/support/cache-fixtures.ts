import { Kysely, PostgresDialect, type ConnectionProvider } from 'kysely';
import type { DatabaseHandle } from '../../src/db/connect.js';
import type { Database } from '../../src/db/types.js';
import type { TestGateway } from './gateway.js';

// What the response cache tests need around a gateway: published articles made through the
// API, and a database handle that can hold a read in flight while other requests go on.

const createArticle = /* GraphQL */ `
  mutation ($input: CreateArticleInput!) { createArticle(input: $input) { article { id slug version } errors { code message } } }
`;
const publishArticle = /* GraphQL */ `
  mutation ($input: ArticleStatusInput!) { publishArticle(input: $input) { article { id slug version } errors { code message } } }
`;

export interface PublishedArticle {
  id: string;
  slug: string;
  version: number;
}

/** Creates and publishes an expert article through the API, as an editor. */
export async function publishNewArticle(gateway: TestGateway, editorKey: string, input: { title: string; body?: string }): Promise<PublishedArticle> {
  const created = await gateway.execute(createArticle, { input: { kind: 'EXPERT', language: 'fr', ...input } }, { key: editorKey });
  if (created.body.data?.createArticle.errors.length !== 0) throw new Error(`createArticle: ${JSON.stringify(created.body)}`);
  const { id, version } = created.body.data.createArticle.article;
  const published = await gateway.execute(publishArticle, { input: { id, version } }, { key: editorKey });
  if (published.body.data?.publishArticle.errors.length !== 0) throw new Error(`publishArticle: ${JSON.stringify(published.body)}`);
  return published.body.data.publishArticle.article;
}

export interface HeldDatabase {
  /** The same database, through a handle whose next statement, once armed, holds its result back. */
  handle: DatabaseHandle;
  arm(): void;
  /** Resolves when the armed statement has run and its result waits for `release`. */
  holding: Promise<void>;
  release(): void;
}

/**
 * The hold comes after the statement has given its connection back (PGlite has only one): a
 * Kysely over the original's executor, with a connection provider that waits once the
 * statement is done. Transactions keep working: the driver only sends BEGIN/COMMIT on the
 * connection it is given.
 */
export function holdingDatabase(database: DatabaseHandle): HeldDatabase {
  let armed = false;
  let release!: () => void;
  let reached!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const holding = new Promise<void>((resolve) => (reached = resolve));
  const executor = database.db.getExecutor();
  const provider: ConnectionProvider = {
    async provideConnection(consumer) {
      const value = await executor.provideConnection(consumer);
      if (armed) {
        armed = false;
        reached();
        await gate;
      }
      return value;
    },
  };
  const dialect = new PostgresDialect({ pool: () => Promise.reject(new Error('the held handle borrows its connections')) });
  const db = new Kysely<Database>({ config: { dialect }, dialect, driver: dialect.createDriver(), executor: executor.withConnectionProvider(provider) });
  // Everything else (statement count, readiness) stays the original handle's.
  const handle = Object.assign(Object.create(database) as DatabaseHandle, { db });
  return { handle, arm: () => void (armed = true), holding, release };
}
