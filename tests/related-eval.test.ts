import { evaluateRelated } from '../bench/related-eval.js';
import { seedOnFirstStart } from '../src/content/bootstrap.js';
import { describe, expect, test } from './support/gateway.js';

// Related content an editor would have picked, on the demo and seed content: the judged set of
// npm run related:eval (bench/related-judgements.ts) must not fall below the target.

describe('related content on the demo content', () => {
  test('precision@3 on the judged set stays at or above 0.85', async ({ gateway }) => {
    await seedOnFirstStart(gateway.database.db, () => {});
    const evaluation = await evaluateRelated(gateway.database.db);
    expect(evaluation.origins.length).toBeGreaterThanOrEqual(15);
    expect(evaluation.precisionAt3).toBeGreaterThanOrEqual(0.85);
    expect(evaluation.ndcgAt5).toBeGreaterThanOrEqual(0.8);
  });

  test("the seed story's block starts with three data-center or digital-sovereignty stories", async ({ gateway }) => {
    await seedOnFirstStart(gateway.database.db, () => {});
    const { body } = await gateway.execute(/* GraphQL */ `
      { article(slug: "ia-mega-data-center-valence-sesterce") { related(first: 3) { article { title topics { edges { node { slug } } } } } } }
    `);
    const related = body.data.article.related;
    expect(related).toHaveLength(3);
    for (const { article } of related) {
      const topics = article.topics.edges.map((edge: any) => edge.node.slug);
      expect(topics.some((topic: string) => topic === 'centres-de-donnees' || topic === 'souverainete-numerique')).toBe(true);
    }
    expect(related.map(({ article }: any) => article.title)).not.toContain("Trois cents enseignants formés à l'intelligence artificielle en un an");
  });

  test('a second account of the same event steps back behind the other relevant stories', async ({ gateway }) => {
    await seedOnFirstStart(gateway.database.db, () => {});
    const { body } = await gateway.execute(/* GraphQL */ `
      { article(slug: "chaleur-des-serveurs-universite-raccordement-calculia") { related(first: 5) { article { slug } } } }
    `);
    const order = body.data.article.related.map((item: any) => item.article.slug);
    // The public meeting on water, told by the agency and by the Gazette the same evening.
    const first = order.indexOf('campus-de-calcul-riverains-consommation-eau');
    const second = order.indexOf('campus-de-calcul-reunion-publique-eau-etude-independante');
    expect(first).toBe(0);
    expect(second).toBeGreaterThan(order.indexOf('data-centers-sobriete-energetique-collectivites'));
    expect(second).toBeGreaterThan(order.indexOf('centres-de-donnees-ia-reseau-electrique-sous-tension'));
  });
});
