import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedOnFirstStart } from '../src/content/bootstrap.js';
import type { DatabaseHandle } from '../src/db/connect.js';
import type { Database } from '../src/db/types.js';
import { createTestGateway, type TestGateway } from './support/gateway.js';
import { openTestDatabase } from './support/database.js';

// Readers' related rankings are stored (src/repositories/related-store.ts): over the demo
// content, the stored answer is the on-the-fly one (OPTIMISATIONS=false, same database) before
// and after each kind of write, and a write never leaves a stale ranking served.

const related = (first: number) => /* GraphQL */ `related(first: ${first}) { score text recency pinned article { slug status } reasons { kind slug name weight } }`;
const everyArticle = (first: number) => `{ articles(first: 100) { edges { node { slug ${related(first)} } } } }`;

describe('stored related rankings', () => {
  let database: DatabaseHandle;
  let plain: DatabaseHandle;
  let stored: TestGateway;
  let onTheFly: TestGateway;
  let db: Kysely<Database>;

  beforeAll(async () => {
    database = await openTestDatabase();
    await seedOnFirstStart(database.db, () => {});
    plain = database.sibling!({ optimisations: false });
    stored = await createTestGateway(database);
    onTheFly = await createTestGateway(plain);
    db = database.db;
  });

  afterAll(async () => {
    await stored?.yoga.dispose();
    await onTheFly?.yoga.dispose();
    await plain?.close();
    await database?.close();
  });

  /** Every published article's related block from both gateways, the store read first (then again, warm); they must agree. */
  async function bothWays(first = 100) {
    const cold = await stored.execute(everyArticle(first));
    const warm = await stored.execute(everyArticle(first));
    const reference = await onTheFly.execute(everyArticle(first));
    expect(reference.body.errors).toBeUndefined();
    expect(cold.body).toEqual(reference.body);
    expect(warm.body).toEqual(reference.body);
    return reference.body.data.articles.edges as { node: { slug: string; related: any[] } }[];
  }

  const blockOf = (edges: Awaited<ReturnType<typeof bothWays>>, slug: string) =>
    edges.find((edge) => edge.node.slug === slug)!.node.related.map((item) => item.article.slug);
  const generation = async () => (await sql<{ generation: string }>`select generation from related_generation`.execute(db)).rows[0]!.generation;
  const idOf = async (slug: string) => (await db.selectFrom('article').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;

  test('on the demo content, for 100 and for 5, cold and warm, with one statement for related', async () => {
    const edges = await bothWays(100);
    expect(edges.length).toBeGreaterThan(20);
    expect(edges.every((edge) => edge.node.related.length > 0)).toBe(true);
    await bothWays(5);
    const query = (withRelated: boolean) => `{ article(slug: "ia-mega-data-center-valence-sesterce") { slug ${withRelated ? related(5) : ''} } }`;
    const without = await stored.execute(query(false));
    await sql`update topic set name = name`.execute(db); // moves the generation: the next read ranks and stores
    const cold = await stored.execute(query(true));
    const warm = await stored.execute(query(true));
    expect([cold.statements, warm.statements]).toEqual([without.statements + 1, without.statements + 1]);
    expect(warm.body).toEqual(cold.body);
    expect((await sql<{ n: number }>`select count(*)::int as n from related_ranking`.execute(db)).rows[0]!.n).toBeGreaterThan(20);
  });

  test('a partner asking by slug without options gets the article page\'s block', async () => {
    const key = await stored.createKey(['partner']);
    const block = `score text recency pinned article { slug status } reasons { kind slug name weight }`;
    const pages = await stored.execute(`{ articles(first: 100) { edges { node { slug related(first: 3) { ${block} } } } } }`);
    for (const { node } of pages.body.data.articles.edges) {
      const partner = await stored.execute(`{ relatedContent(to: { slug: "${node.slug}" }, first: 3) { articles { ${block} } } }`, {}, { key });
      expect(partner.body.data.relatedContent.articles, node.slug).toEqual(node.related);
    }
  });

  test('after an edit, a link, a pin and an unpublish, the new ranking is served at once', async () => {
    const origin = 'ia-mega-data-center-valence-sesterce';
    const before = await bothWays();
    const firstRelated = blockOf(before, origin)[0]!;
    const last = blockOf(before, origin).at(-1)!;
    const writes: [string, () => Promise<unknown>][] = [
      ['edit', () => db.updateTable('article').set({ title: 'Sesterce : un data center à Valence pour le calcul' }).where('slug', '=', last).execute()],
      [
        'link',
        async () => {
          const topic = await db.selectFrom('topic').select('id').where('slug', '=', 'centres-de-donnees').executeTakeFirstOrThrow();
          const linked = await db.selectFrom('article_topic').select('article_id').where('topic_id', '=', topic.id);
          const unlinked = await db.selectFrom('article').select('id').where('status', '=', 'published').where('id', 'not in', linked).orderBy('id').executeTakeFirstOrThrow();
          await db.insertInto('article_topic').values({ article_id: unlinked.id, topic_id: topic.id }).execute();
        },
      ],
      ['pin', async () => db.insertInto('article_related').values({ article_id: await idOf(origin), related_article_id: await idOf(last) }).execute()],
      ['unpublish', () => db.updateTable('article').set({ status: 'draft' }).where('slug', '=', firstRelated).execute()],
    ];
    let previous = before;
    for (const [write, run] of writes) {
      const moved = await generation();
      await run();
      expect(BigInt(await generation()), write).toBeGreaterThan(BigInt(moved));
      const after = await bothWays();
      expect(after, `${write} changed no ranking`).not.toEqual(previous);
      previous = after;
    }
    expect(blockOf(previous, origin)[0]).toBe(last); // pinned
    expect(previous.flatMap((edge) => blockOf(previous, edge.node.slug))).not.toContain(firstRelated); // unpublished
    expect(previous.every((edge) => edge.node.related.every((item) => item.article.status === 'PUBLISHED'))).toBe(true);
  });
});
