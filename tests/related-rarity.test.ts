import { sql } from 'kysely';
import { seedOnFirstStart } from '../src/content/bootstrap.js';
import { importContent } from '../src/content/importer.js';
import { seedSynthetic } from '../src/content/synthetic.js';
import { findArticleBySlug, linkToArticle, unlinkFromArticle } from '../src/repositories/article.js';
import { describe, expect, test } from './support/gateway.js';

// Related scoring reads how many articles hold each word and link each entity from
// related_rarity, kept by triggers (migrations/0007_related_scores.ts). Whatever writes (the
// importer, a link mutation's repository, the synthetic seeding and its replacement), the kept
// counts must equal a count from scratch: then ranking from them is ranking from the corpus.

const linkTables = [
  ['article_project', 'project', 'project_id'],
  ['article_person', 'person', 'person_id'],
  ['article_organisation', 'organisation', 'organisation_id'],
  ['article_topic', 'topic', 'topic_id'],
] as const;

type Count = { kind: string; key: string; articles: number };

async function countsKept(db: any): Promise<Count[]> {
  const { rows } = await sql<Count>`select kind, key, articles from related_rarity where articles <> 0 order by kind, key`.execute(db);
  return rows;
}

async function countsFromScratch(db: any): Promise<Count[]> {
  const { rows } = await sql<Count>`
    select kind, key, articles from (
      select 'corpus' as kind, '' as key, count(*)::int as articles from article having count(*) > 0
      union all
      select 'word', word.lexeme, count(*)::int from article, unnest(article.search_vector) as word group by word.lexeme
      ${sql.join(
        linkTables.map(([table, kind, column]) => sql`union all select ${kind}, ${sql.ref(column)}::text, count(*)::int from ${sql.table(table)} group by ${sql.ref(column)}`),
        sql` `,
      )}
    ) as counted order by kind, key`.execute(db);
  return rows;
}

describe('the counts related scoring reads', () => {
  test('stay equal to a count from scratch through imports, edits, links, unlinks and synthetic seeding', async ({ gateway }) => {
    const db = gateway.database.db;
    await seedOnFirstStart(db, () => {});
    expect(await countsKept(db)).toEqual(await countsFromScratch(db));

    // An import that rewrites an article's text and replaces its links.
    const report = await importContent(db, {
      articles: [
        {
          slug: 'refroidir-serveurs-sans-assecher-territoire',
          kind: 'expert',
          language: 'fr',
          title: 'Refroidissement liquide : les serveurs plongés dans l\'huile',
          lead: 'Une technique venue des supercalculateurs gagne les centres de données.',
          body: 'Immersion, circuit fermé : moins d\'eau, plus de densité.',
          publishedAt: '2025-07-08T09:00:00+02:00',
          topics: ['centres-de-donnees', 'transition-energetique'],
        },
      ],
    });
    expect(report.rejected).toEqual([]);
    expect(await countsKept(db)).toEqual(await countsFromScratch(db));

    // A link, a role change (the upsert's update), an unlink.
    const article = (await findArticleBySlug(db, 'cloud-souverain-communes-val-de-lorne', 'editor'))!;
    const { id: calculia } = await db.selectFrom('organisation').select('id').where('slug', '=', 'calculia').executeTakeFirstOrThrow();
    await linkToArticle(db, 'organisation', article.id, calculia, 'mentioned', null);
    await linkToArticle(db, 'organisation', article.id, calculia, 'subject', null);
    expect(await countsKept(db)).toEqual(await countsFromScratch(db));
    await unlinkFromArticle(db, 'organisation', article.id, calculia);
    expect(await countsKept(db)).toEqual(await countsFromScratch(db));

    // The synthetic corpus, then its replacement (deletes cascading to links).
    await seedSynthetic(db, { articles: 60 });
    expect(await countsKept(db)).toEqual(await countsFromScratch(db));
    await seedSynthetic(db, { articles: 40, replace: true });
    expect(await countsKept(db)).toEqual(await countsFromScratch(db));
  });
});
