import { buildClientSchema, getIntrospectionQuery, type GraphQLSchema } from 'graphql';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedOnFirstStart } from '../src/content/bootstrap.js';
import type { DatabaseHandle } from '../src/db/connect.js';
import { entities } from '../src/model/entities.js';
import { createTestGateway, type GraphQLResponse, type TestGateway } from './support/gateway.js';
import { openTestDatabase } from './support/database.js';
import { generateQuery, seededRandom, type GeneratedQuery, type SampleContent } from './support/query-generator.js';
import { LIST_QUERY, SEARCH_QUERY, articlePageQuery } from '../bench/scenarios.js';

// An optimisation is invisible: column selection, statement templates and named prepared
// statements (OPTIMISATIONS) must not change a single answer. Two gateways over one database,
// one with them and one without, answer the same generated queries, for readers and editors,
// with the same statuses and errors. A failure names its seed: ORACLE_SEED=<seed> ORACLE_QUERIES=1 replays that query alone.

const FIRST_SEED = Number(process.env.ORACLE_SEED ?? 1);
const QUERIES = Number(process.env.ORACLE_QUERIES ?? 300);

/** The query that once lost Person.slug, in every order of its parts (selected-columns.ts). */
const MERGED_FRAGMENTS: GeneratedQuery[] = (() => {
  const rootArticles = 'articles(first: 5) { edges { node { ...P } } }';
  const sourceArticles = (spreads: string) => `source(slug: "le-journal-du-dimanche") { articles { edges { node { ${spreads} } } } }`;
  const fragments = /* GraphQL */ `
    fragment P on Article { slug people { edges { node { fullName } } } }
    fragment Q on Article { people { edges { node { slug } } } }`;
  return ['...Q ...P', '...P ...Q'].flatMap((spreads) =>
    [
      [rootArticles, sourceArticles(spreads)],
      [sourceArticles(spreads), rootArticles],
    ].map(([first, second]) => ({ query: `query { ${first} ${second} } ${fragments}`, variables: {} })),
  );
})();

/**
 * The pages the bench loads, which the optimised gateway reads in fewer statements: nested lists
 * of one tick in one statement, articles with their source, affiliations with their other end,
 * a search page's articles with the page.
 */
const BENCH_PAGES: GeneratedQuery[] = [
  { query: LIST_QUERY, variables: {} },
  { query: articlePageQuery(true), variables: { slug: 'ia-mega-data-center-valence-sesterce' } },
  {
    query: /* GraphQL */ `{ organisation(slug: "ville-de-valence") {
      affiliations { title person { slug fullName } }
      articles { edges { role node { slug source { name homepageUrl } people(first: 2) { edges { node { slug } } } topics { edges { node { slug } } } } } }
    } }`,
    variables: {},
  },
  { query: SEARCH_QUERY, variables: { text: 'Valence data center' } },
];

// Every entity found by slug, from the model: a new one is sampled without a change here.
const sluggedEntities = Object.values(entities).filter((entity) => 'slug' in entity.columns);

async function sampleContent(db: Kysely<any>): Promise<SampleContent> {
  const rows: SampleContent['rows'] = {};
  for (const entity of sluggedEntities) {
    rows[entity.graphqlType] = await db.selectFrom(entity.table).select(['id', 'slug']).orderBy('id').execute();
  }
  // Plain words, then a partial match, a corrected typo and a name typo (issue 13's search paths).
  const words = ['numérique', 'data center', 'intelligence artificielle', 'lycée', 'Valence', 'enseignants', 'calcul'];
  return { rows, words: [...words, 'valence xylophone', 'enseignemants calcul', 'Chapaz'] };
}

/**
 * What a client compares: the status, the data, and which errors (message and code) were
 * reported, without the per-request ids of masked errors. Not their order, paths or count:
 * GraphQL leaves them open. Two fields failing under one non-null parent (aliases of one field,
 * say) null that parent, and the errors reported are those that settled before it was nulled:
 * one or both, under either path. The data is the same either way.
 * Not the statement count either: how many loads DataLoader gathers into one batch depends on
 * when the database answers (tests/batching.test.ts bounds it).
 */
function observed(response: GraphQLResponse) {
  const errors = response.body.errors && [
    ...new Set(
      response.body.errors.map(({ message, extensions: { errorId, ...extensions } = {} }: any) => JSON.stringify({ message, extensions })),
    ),
  ].sort();
  return { status: response.status, body: { ...response.body, ...(errors && { errors }) } };
}

describe('oracle: optimisations on and off answer alike', () => {
  let database: DatabaseHandle;
  let plain: DatabaseHandle;
  let optimised: TestGateway;
  let reference: TestGateway;
  let editorKey: string;
  let content: SampleContent;
  /** The gateway's schema as a client sees it (its introspection), to walk. */
  let schema: GraphQLSchema;

  beforeAll(async () => {
    database = await openTestDatabase();
    await seedOnFirstStart(database.db, () => {});
    plain = database.sibling!({ optimisations: false });
    optimised = await createTestGateway(database);
    reference = await createTestGateway(plain);
    editorKey = await optimised.createKey(['editor']);
    content = await sampleContent(database.db);
    schema = buildClientSchema((await reference.execute(getIntrospectionQuery())).body.data);
  });

  afterAll(async () => {
    await optimised?.yoga.dispose();
    await reference?.yoga.dispose();
    await plain?.close();
    await database?.close();
  });

  test('the gateways differ in their optimisations only', () => {
    expect([database.optimisations, plain.optimisations]).toEqual([true, false]);
  });

  test(`${MERGED_FRAGMENTS.length} orders of one field merged from fragments, ${BENCH_PAGES.length} bench pages, and ${QUERIES} generated queries from seed ${FIRST_SEED}`, async () => {
    const cases = [
      ...MERGED_FRAGMENTS.flatMap((generated, index) =>
        [false, true].map((editor) => ({ label: `merged fragments, order ${index + 1}`, generated, editor, replay: '' })),
      ),
      ...BENCH_PAGES.flatMap((generated, index) =>
        [false, true].map((editor) => ({ label: `bench page ${index + 1}`, generated, editor, replay: '' })),
      ),
      ...Array.from({ length: QUERIES }, (_, index) => {
        const seed = FIRST_SEED + index;
        const generated = generateQuery(schema, content, seededRandom(seed));
        // Readers and editors in turn: templates cached for one audience must not serve the other.
        return { label: `seed ${seed}`, generated, editor: seed % 2 === 0, replay: `; replay: ORACLE_SEED=${seed} ORACLE_QUERIES=1` };
      }),
    ];
    let answered = 0;
    for (const { label, generated, editor, replay } of cases) {
      const key = editor ? editorKey : undefined;
      const expected = observed(await reference.execute(generated.query, generated.variables, { key }));
      const actual = observed(await optimised.execute(generated.query, generated.variables, { key }));
      const failure = `${label} (${editor ? 'editor' : 'reader'})${replay}\n${generated.query}\nvariables: ${JSON.stringify(generated.variables)}`;
      expect(actual, failure).toEqual(expected);
      if (!expected.body.errors) answered += 1;
    }
    // Most generated queries are answered without any error: the comparison is about data.
    expect(answered).toBeGreaterThan(cases.length * 0.8);
  }, 120_000); // about 600 requests, each compiled anew: a few seconds alone, far more on a busy machine
});
