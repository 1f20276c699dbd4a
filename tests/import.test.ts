import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { seedOnFirstStart } from '../src/content/bootstrap.js';
import { ContentFileError } from '../src/content/content-file.js';
import { importContent } from '../src/content/importer.js';
import type { DatabaseHandle } from '../src/db/connect.js';
import type { Database } from '../src/db/types.js';
import { openTestDatabase } from './support/database.js';

// The content-in side: import files loaded record by record, idempotently, with bad records
// reported by field path while the good ones load.

type ContentFile = Record<string, Array<Record<string, any>>>;

const seedFile = JSON.parse(
  await readFile(new URL('../src/content/seed/seed-article.json', import.meta.url), 'utf8'),
) as ContentFile;
const valenceSlug = 'ia-mega-data-center-valence-sesterce';

let database: DatabaseHandle;
let db: Kysely<Database>;

beforeAll(async () => {
  database = await openTestDatabase();
  db = database.db;
});
afterAll(() => database.close());
beforeEach(async () => {
  // Each test starts from an empty content model; links go with their owners.
  for (const table of ['article', 'topic', 'project', 'person', 'organisation', 'source'] as const) {
    await db.deleteFrom(table).execute();
  }
});

function seed(): ContentFile {
  return structuredClone(seedFile);
}

async function rowCounts() {
  const tables = [
    'source',
    'organisation',
    'person',
    'affiliation',
    'project',
    'project_organisation',
    'topic',
    'article',
    'article_person',
    'article_organisation',
    'article_project',
    'article_topic',
    'article_related',
  ] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const { count } = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(count);
  }
  return counts;
}

async function articlePeople(slug: string) {
  return db
    .selectFrom('article_person')
    .innerJoin('article', 'article.id', 'article_person.article_id')
    .innerJoin('person', 'person.id', 'article_person.person_id')
    .select(['person.slug', 'article_person.role', 'article_person.position'])
    .where('article.slug', '=', slug)
    .orderBy('article_person.position')
    .execute();
}

const nothing = { inserted: 0, updated: 0, unchanged: 0 };

describe('importing a content file', () => {
  test('loads the seed article with its source, people, organisations, projects and topics', async () => {
    const report = await importContent(db, seed());

    expect(report.rejected).toEqual([]);
    expect(report.counts).toEqual({
      image: { ...nothing, inserted: 1 },
      source: { ...nothing, inserted: 1 },
      organisation: { ...nothing, inserted: 4 },
      person: { ...nothing, inserted: 3 },
      project: { ...nothing, inserted: 2 },
      topic: { ...nothing, inserted: 7 },
      article: { ...nothing, inserted: 3 },
      synonym: nothing,
    });

    const article = await db
      .selectFrom('article')
      .innerJoin('source', 'source.id', 'article.source_id')
      .select(['article.title', 'article.status', 'article.published_at', 'article.version', 'source.name as source'])
      .where('article.slug', '=', valenceSlug)
      .executeTakeFirstOrThrow();
    expect(article).toMatchObject({ status: 'published', version: 1, source: 'Le Journal du Dimanche' });
    expect(article.published_at?.toISOString()).toBe('2025-02-16T07:00:00.000Z');
    expect(await articlePeople(valenceSlug)).toEqual([
      { slug: 'emmanuel-macron', role: 'mentioned', position: 0 },
      { slug: 'clara-chappaz', role: 'mentioned', position: 1 },
      { slug: 'nicolas-daragon', role: 'quoted', position: 2 },
    ]);

    const project = await db
      .selectFrom('project')
      .select(['budget_amount', 'budget_currency', 'location_country', 'showcase'])
      .where('slug', '=', 'data-center-ia-valence-rovaltain')
      .executeTakeFirstOrThrow();
    expect(project).toEqual({
      budget_amount: '450000000',
      budget_currency: 'EUR',
      location_country: 'FR',
      showcase: false,
    });

    const mayor = await db
      .selectFrom('affiliation')
      .innerJoin('person', 'person.id', 'affiliation.person_id')
      .innerJoin('organisation', 'organisation.id', 'affiliation.organisation_id')
      .select(['organisation.slug', 'affiliation.title'])
      .where('person.slug', '=', 'nicolas-daragon')
      .execute();
    expect(mayor).toEqual([{ slug: 'ville-de-valence', title: 'Maire de Valence' }]);

    const topic = await db
      .selectFrom('topic')
      .select('name')
      .where('slug', '=', 'intelligence-artificielle')
      .executeTakeFirstOrThrow();
    expect(topic.name).toBe('Intelligence artificielle');

    // The expert articles give no date and no source: published on import, the site's own.
    const experts = await db
      .selectFrom('article')
      .select(['status', 'published_at', 'source_id'])
      .where('kind', '=', 'expert')
      .execute();
    expect(experts).toHaveLength(2);
    for (const expert of experts) {
      expect(expert).toMatchObject({ status: 'published', source_id: null });
      expect(expert.published_at).toBeInstanceOf(Date);
    }
  });

  test('importing the same file twice changes nothing', async () => {
    await importContent(db, seed());
    const countsBefore = await rowCounts();
    const articlesBefore = await db
      .selectFrom('article')
      .select(['slug', 'version', 'updated_at', 'published_at'])
      .orderBy('slug')
      .execute();
    const projectsBefore = await db.selectFrom('project').select(['slug', 'updated_at']).orderBy('slug').execute();

    const again = await importContent(db, seed());

    expect(again.rejected).toEqual([]);
    for (const counts of Object.values(again.counts)) {
      expect(counts.inserted + counts.updated).toBe(0);
    }
    expect(again.counts.article.unchanged).toBe(3);
    expect(await rowCounts()).toEqual(countsBefore);
    const articlesAfter = await db
      .selectFrom('article')
      .select(['slug', 'version', 'updated_at', 'published_at'])
      .orderBy('slug')
      .execute();
    expect(articlesAfter).toEqual(articlesBefore);
    expect(articlesAfter.map((article) => article.version)).toEqual([1, 1, 1]);
    expect(await db.selectFrom('project').select(['slug', 'updated_at']).orderBy('slug').execute()).toEqual(
      projectsBefore,
    );
  });

  test('a changed record is updated once, with its links replaced in the order of the file', async () => {
    await importContent(db, seed());

    const changed = seed();
    const valence = changed.articles!.find((article) => article.slug === valenceSlug)!;
    valence.updatedAt = '2025-02-17T10:00:00+01:00';
    valence.people = [
      { person: 'nicolas-daragon', role: 'subject' },
      { person: 'emmanuel-macron', role: 'mentioned' },
    ];
    changed.organisations![0]!.description = 'Opérateur de cloud souverain.';
    const report = await importContent(db, changed);

    expect(report.rejected).toEqual([]);
    expect(report.counts.article).toEqual({ inserted: 0, updated: 1, unchanged: 2 });
    expect(report.counts.organisation).toEqual({ inserted: 0, updated: 1, unchanged: 3 });
    expect(await articlePeople(valenceSlug)).toEqual([
      { slug: 'nicolas-daragon', role: 'subject', position: 0 },
      { slug: 'emmanuel-macron', role: 'mentioned', position: 1 },
    ]);
    const article = await db
      .selectFrom('article')
      .select(['version', 'updated_at', 'published_at'])
      .where('slug', '=', valenceSlug)
      .executeTakeFirstOrThrow();
    expect(article.version).toBe(2);
    expect(article.updated_at.toISOString()).toBe('2025-02-17T09:00:00.000Z');
    expect(article.published_at?.toISOString()).toBe('2025-02-16T07:00:00.000Z');

    const sesterce = await db
      .selectFrom('organisation')
      .select(['description', 'version'])
      .where('slug', '=', 'sesterce')
      .executeTakeFirstOrThrow();
    expect(sesterce).toEqual({ description: 'Opérateur de cloud souverain.', version: 2 });

    const third = await importContent(db, changed);
    expect(third.counts.article).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
  });

  test('rejects bad records with their field paths and loads the others', async () => {
    const file = seed();
    file.organisations!.push(
      { slug: 'Bad Slug', name: 'Mauvais slug', kind: 'company' },
      { slug: 'calcul-france', name: 'Calcul France', kind: 'company' },
    );
    file.projects!.push(
      { slug: 'projet-en-dollars', name: 'Projet', budget: { amount: '1000', currency: 'usd' } },
      { slug: 'projet-orphelin', name: 'Projet', organisations: [{ organisation: 'inconnue', role: 'owner' }] },
    );
    file.articles!.push(
      {
        slug: 'article-fantome',
        kind: 'expert',
        language: 'fr',
        title: 'Un article qui cite un inconnu',
        people: [
          { person: 'clara-chappaz', role: 'quoted' },
          { person: 'x', role: 'quoted' },
        ],
      },
      { slug: 'depeche-sans-source', kind: 'news', language: 'fr', title: 'Une dépêche sans source' },
    );

    const report = await importContent(db, file);

    expect(report.rejected).toEqual([
      expect.objectContaining({ kind: 'organisation', index: 4, slug: 'Bad Slug', field: 'slug' }),
      expect.objectContaining({ kind: 'project', index: 2, slug: 'projet-en-dollars', field: 'budget.currency' }),
      {
        kind: 'project',
        index: 3,
        slug: 'projet-orphelin',
        field: 'organisations[0].organisation',
        message: 'unknown organisation "inconnue"',
      },
      { kind: 'article', index: 3, slug: 'article-fantome', field: 'people[1].person', message: 'unknown person "x"' },
      {
        kind: 'article',
        index: 4,
        slug: 'depeche-sans-source',
        field: 'source',
        message: 'is required for a news article',
      },
    ]);
    expect(report.counts.organisation.inserted).toBe(5);
    expect(report.counts.project.inserted).toBe(2);
    expect(report.counts.article.inserted).toBe(3);
    const slugs = await db.selectFrom('article').select('slug').execute();
    expect(slugs.map((article) => article.slug)).not.toContain('article-fantome');
    const organisation = await db
      .selectFrom('organisation')
      .select('name')
      .where('slug', '=', 'calcul-france')
      .executeTakeFirst();
    expect(organisation?.name).toBe('Calcul France');
  });

  test('a record the database refuses is reported, and the next records load', async () => {
    const file = {
      organisations: [
        // PostgreSQL text cannot hold a NUL character, which JSON can.
        { slug: 'octet-nul', name: 'Octet\u0000nul', kind: 'company' },
        { slug: 'apres-le-nul', name: 'Après le nul', kind: 'company' },
      ],
    };

    const report = await importContent(db, file);

    expect(report.rejected).toHaveLength(1);
    expect(report.rejected[0]).toMatchObject({ kind: 'organisation', index: 0, slug: 'octet-nul' });
    expect(report.rejected[0]?.message).toMatch(/^the database refused it: .*0x00/);
    expect(report.counts.organisation.inserted).toBe(1);
    const slugs = await db.selectFrom('organisation').select('slug').execute();
    expect(slugs).toEqual([{ slug: 'apres-le-nul' }]);
  });

  test('related pins may name later articles; a pin to an unknown article is rejected', async () => {
    const file = seed();
    const [valence, chatgpt, bachelor] = file.articles!;
    valence!.related = [bachelor!.slug, chatgpt!.slug];
    chatgpt!.related = ['article-inexistant'];

    const report = await importContent(db, file);

    expect(report.rejected).toEqual([
      {
        kind: 'article',
        index: 1,
        slug: chatgpt!.slug,
        field: 'related[0]',
        message: 'unknown article "article-inexistant"',
      },
    ]);
    const pins = await db
      .selectFrom('article_related')
      .innerJoin('article as pinned', 'pinned.id', 'article_related.related_article_id')
      .innerJoin('article', 'article.id', 'article_related.article_id')
      .select(['article.slug as article', 'pinned.slug as pinned', 'article_related.position'])
      .orderBy('article_related.position')
      .execute();
    expect(pins).toEqual([
      { article: valenceSlug, pinned: bachelor!.slug, position: 0 },
      { article: valenceSlug, pinned: chatgpt!.slug, position: 1 },
    ]);

    // Changing only the pins is a change of the article: one new version.
    valence!.related = [chatgpt!.slug];
    delete chatgpt!.related;
    const repinned = await importContent(db, file);
    expect(repinned.counts.article).toEqual({ inserted: 0, updated: 1, unchanged: 2 });
    const { version } = await db
      .selectFrom('article')
      .select('version')
      .where('slug', '=', valenceSlug)
      .executeTakeFirstOrThrow();
    expect(version).toBe(2);
  });

  test('demo: true flags what the import inserts as demo content', async () => {
    await importContent(db, seed());
    const demo = seed();
    demo.organisations!.push({ slug: 'organisation-de-demo', name: 'Organisation de démo', kind: 'other' });

    await importContent(db, demo, { demo: true });

    const flagged = await db
      .selectFrom('organisation')
      .select(['slug', 'is_demo'])
      .where('is_demo', '=', true)
      .execute();
    expect(flagged).toEqual([{ slug: 'organisation-de-demo', is_demo: true }]);
    const real = await db.selectFrom('article').select('is_demo').execute();
    expect(real.every((article) => article.is_demo === false)).toBe(true);
  });

  test('a file that is not an object of arrays is refused as a whole', async () => {
    await expect(importContent(db, [seedFile])).rejects.toThrow(ContentFileError);
    await expect(importContent(db, { articles: 'none' })).rejects.toThrow('articles: expected an array of records');
    expect((await rowCounts()).article).toBe(0);
  });
});

describe('first start', () => {
  test('loads the seed article and the demo content into an empty database, once', async () => {
    const lines: string[] = [];
    await seedOnFirstStart(db, (line) => lines.push(line));

    expect(lines).toEqual([expect.stringMatching(/^Empty database: loaded 3 seed articles and 23 demo articles/)]);
    const showcase = await db
      .selectFrom('project')
      .select(['name', 'budget_amount', 'budget_currency', 'is_demo'])
      .where('showcase', '=', true)
      .orderBy('name')
      .execute();
    expect(showcase).toHaveLength(3);
    for (const project of showcase) expect(project).toMatchObject({ budget_currency: 'EUR', is_demo: true });

    const statuses = await db
      .selectFrom('article')
      .select(['status', 'is_demo', (eb) => eb.fn.countAll<string>().as('count')])
      .groupBy(['status', 'is_demo'])
      .orderBy('status')
      .orderBy('is_demo')
      .execute();
    expect(statuses).toEqual([
      { status: 'archived', is_demo: true, count: '1' },
      { status: 'draft', is_demo: true, count: '1' },
      { status: 'published', is_demo: false, count: '3' },
      { status: 'published', is_demo: true, count: '21' },
    ]);
    // The demo file names the shared topics properly, accents included.
    const topic = await db
      .selectFrom('topic')
      .select('name')
      .where('slug', '=', 'souverainete-numerique')
      .executeTakeFirstOrThrow();
    expect(topic.name).toBe('Souveraineté numérique');

    await seedOnFirstStart(db, (line) => lines.push(line));
    expect(lines).toHaveLength(1);
  });
});
