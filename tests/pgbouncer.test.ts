import { buildClientSchema, getIntrospectionQuery, type GraphQLSchema } from 'graphql';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedOnFirstStart } from '../src/content/bootstrap.js';
import { openDatabase, type DatabaseHandle } from '../src/db/connect.js';
import { openTestDatabase } from './support/database.js';
import { createTestGateway, type GraphQLResponse, type TestGateway } from './support/gateway.js';
import { reportSkip, skipReason } from './support/postgres-binaries.js';
import { startPgBouncer, type RunningPgBouncer } from './support/pgbouncer.js';
import { generateQuery, seededRandom, type SampleContent } from './support/query-generator.js';

// Behind PgBouncer in transaction mode, with DB_PREPARED_STATEMENTS=false: the same answers as
// straight to PostgreSQL, concurrent requests sharing two server connections, and a mutation.

const skip = reportSkip('pgbouncer.test.ts', skipReason({ programs: ['pgbouncer'] }));
const QUERIES = 36;
const ENTITY_TABLES = ['article', 'source', 'person', 'organisation', 'project', 'topic'];
const TYPE_NAMES = ['Article', 'Source', 'Person', 'Organisation', 'Project', 'Topic'];

const answer = (response: GraphQLResponse) => ({
  status: response.status,
  data: response.body.data,
  errors: response.body.errors?.map(({ message, extensions: { errorId, ...extensions } = {} }: any) => ({ message, extensions })),
});

describe.skipIf(skip)('PgBouncer in transaction mode (DB_PREPARED_STATEMENTS=false)', () => {
  let direct: TestGateway;
  let bouncer: RunningPgBouncer;
  let pooledUrl: string;
  let pooled: DatabaseHandle;
  let viaPooler: TestGateway;
  let editor: string;

  beforeAll(async () => {
    const database = await openTestDatabase();
    await seedOnFirstStart(database.db, () => {});
    direct = await createTestGateway(database);
    editor = await direct.createKey(['editor']);
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(database.db);
    bouncer = await startPgBouncer(process.env.TEST_DATABASE_URL!);
    pooledUrl = bouncer.urlFor(rows[0]!.name);
    pooled = await openDatabase({ kind: 'postgres', url: pooledUrl, poolSize: 6, preparedStatements: false, connectTimeoutMs: 2_000 });
    viaPooler = await createTestGateway(pooled);
  });

  afterAll(async () => {
    await viaPooler?.yoga.dispose();
    await pooled?.close();
    await bouncer?.close();
    await direct?.yoga.dispose();
    await direct?.database.close();
  });

  test('with prepared statements on (the default), PgBouncer refuses the session settings the gateway sends', async () => {
    const refused = await openDatabase({ kind: 'postgres', url: pooledUrl, poolSize: 1, connectTimeoutMs: 2_000 });
    try {
      await expect(sql`select 1`.execute(refused.db)).rejects.toThrow(/unsupported startup parameter: options/);
    } finally {
      await refused.close();
    }
  });

  test(`${QUERIES} generated queries, run ${6} at a time, answer as they do straight to PostgreSQL`, async () => {
    const schema: GraphQLSchema = buildClientSchema((await direct.execute(getIntrospectionQuery())).body.data);
    const rows: SampleContent['rows'] = {};
    for (const [index, table] of ENTITY_TABLES.entries()) {
      rows[TYPE_NAMES[index]!] = await direct.database.db.selectFrom(table as 'article').select(['id', 'slug']).orderBy('id').execute();
    }
    const content: SampleContent = { rows, words: ['numérique', 'data center', 'Valence', 'enseignemants calcul'] };
    const cases = Array.from({ length: QUERIES }, (_, index) => generateQuery(schema, content, seededRandom(index + 1)));
    let answered = 0;
    for (let start = 0; start < cases.length; start += 6) {
      const batch = cases.slice(start, start + 6);
      // Concurrent: PgBouncer hands each transaction whichever of its two server connections is free.
      const actual = await Promise.all(batch.map((one, index) => viaPooler.execute(one.query, one.variables, { key: index % 2 ? editor : undefined })));
      for (const [index, one] of batch.entries()) {
        const expected = answer(await direct.execute(one.query, one.variables, { key: index % 2 ? editor : undefined }));
        expect(answer(actual[index]!), one.query).toEqual(expected);
        if (!expected.errors) answered += 1;
      }
    }
    // Most generated queries are answered without any error: the comparison is about data.
    expect(answered).toBeGreaterThan(QUERIES * 0.6);
  }, 120_000);

  test('a mutation through PgBouncer writes in one transaction, seen straight on PostgreSQL', async () => {
    const read = await viaPooler.execute(`{ article(slug: "ia-mega-data-center-valence-sesterce") { id version } }`);
    const { id, version } = read.body.data.article;
    const written = await viaPooler.execute(
      /* GraphQL */ `mutation ($input: UpdateArticleInput!) { updateArticle(input: $input) { article { title version } errors { code } } }`,
      { input: { id, version, title: 'Titre écrit à travers PgBouncer' } },
      { key: editor },
    );
    expect(written.body.data.updateArticle).toEqual({ article: { title: 'Titre écrit à travers PgBouncer', version: version + 1 }, errors: [] });
    const seen = await direct.execute(`query ($id: ID!) { node(id: $id) { ... on Article { title version } } }`, { id });
    expect(seen.body.data.node).toEqual({ title: 'Titre écrit à travers PgBouncer', version: version + 1 });
  });
});
