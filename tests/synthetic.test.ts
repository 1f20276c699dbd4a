import { readFile } from 'node:fs/promises';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importContent } from '../src/content/importer.js';
import { generateSyntheticCorpus, syntheticSizes } from '../src/content/synthetic-corpus.js';
import { SyntheticContentExistsError, seedSynthetic } from '../src/content/synthetic.js';
import type { DatabaseHandle } from '../src/db/connect.js';
import type { Database } from '../src/db/types.js';
import { openTestDatabase } from './support/database.js';

// The synthetic corpus behind the benchmark: deterministic, of the requested size, loaded in bulk
// beside real content without touching it.

describe('the synthetic corpus generator', () => {
  test('gives the same corpus for the same options, and another for another seed', () => {
    const first = generateSyntheticCorpus({ articles: 300, seed: 7 });
    const second = generateSyntheticCorpus({ articles: 300, seed: 7 });
    const otherSeed = generateSyntheticCorpus({ articles: 300, seed: 8 });

    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(otherSeed.articles.map((article) => article.title)).not.toEqual(
      first.articles.map((article) => article.title),
    );
  });

  test('sizes scale with the article count, with the benchmark figures at 20 000', () => {
    expect(syntheticSizes({ articles: 20_000 })).toEqual({
      articles: 20_000,
      sources: 200,
      people: 5000,
      organisations: 2000,
      projects: 1000,
      topics: 300,
    });
    expect(syntheticSizes({ articles: 1000, people: 40 })).toMatchObject({
      sources: 10,
      people: 40,
      organisations: 100,
    });
  });

  test('writes French articles, the site’s own without a source, with prefixed slugs', () => {
    const corpus = generateSyntheticCorpus({ articles: 2000 });
    const all = [
      ...corpus.sources,
      ...corpus.organisations,
      ...corpus.people,
      ...corpus.projects,
      ...corpus.topics,
      ...corpus.articles,
    ];
    expect(all.every((row) => /^synth-[a-z0-9]+(-[a-z0-9]+)*$/.test(row.slug))).toBe(true);
    expect(new Set(corpus.articles.map((article) => article.slug)).size).toBe(2000);
    expect(
      corpus.articles.filter((article) => article.kind === 'expert').every((article) => article.source === null),
    ).toBe(true);
    expect(
      corpus.articles.filter((article) => article.kind === 'news').every((article) => article.source !== null),
    ).toBe(true);
    const drafts = corpus.articles.filter((article) => article.status === 'draft');
    expect(drafts.length / 2000).toBeGreaterThan(0.03);
    expect(drafts.length / 2000).toBeLessThan(0.07);
    expect(drafts.every((draft) => draft.published_at === null)).toBe(true);
    expect(corpus.articlePeople.length / 2000).toBeGreaterThan(2.5);
    expect(corpus.articlePeople.length / 2000).toBeLessThan(3.5);
    // Dates come from a fixed epoch, never the clock.
    const dates = corpus.articles.flatMap((article) => (article.published_at ? [article.published_at] : [])).sort();
    expect(dates[0]! >= '2022-01-01').toBe(true);
    expect(dates.at(-1)! < '2025-01-01').toBe(true);
  });
});

describe('loading the synthetic corpus', () => {
  let database: DatabaseHandle;
  let db: Kysely<Database>;

  beforeAll(async () => {
    database = await openTestDatabase();
    db = database.db;
    const seed = JSON.parse(await readFile(new URL('../src/content/seed/seed-article.json', import.meta.url), 'utf8'));
    await importContent(db, seed);
  });
  afterAll(() => database.close());

  async function count(
    table: 'article' | 'person' | 'organisation' | 'source' | 'project' | 'topic',
    synthetic: boolean,
  ) {
    const { total } = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('total'))
      .where('slug', synthetic ? 'like' : 'not like', 'synth-%')
      .executeTakeFirstOrThrow();
    return Number(total);
  }

  test('loads the requested counts beside the real content, searchable in French', async () => {
    const result = await seedSynthetic(db, { articles: 1000, people: 300, seed: 3 });

    expect(result.sizes).toEqual({
      articles: 1000,
      sources: 10,
      people: 300,
      organisations: 100,
      projects: 50,
      topics: 15,
    });
    expect(await count('article', true)).toBe(1000);
    expect(await count('person', true)).toBe(300);
    expect(await count('organisation', true)).toBe(100);
    expect(await count('article', false)).toBe(3);

    const { links } = await db
      .selectFrom('article_person')
      .select((eb) => eb.fn.countAll<string>().as('links'))
      .executeTakeFirstOrThrow();
    expect(Number(links)).toBeGreaterThan(2500);

    // Accents and case do not matter: "donnees" finds "centre de données".
    const found = await db
      .selectFrom('article')
      .select((eb) => eb.fn.countAll<string>().as('found'))
      .where(sql<boolean>`search_vector @@ websearch_to_tsquery('french_unaccent', ${'DONNEES'})`)
      .where('slug', 'like', 'synth-%')
      .executeTakeFirstOrThrow();
    expect(Number(found.found)).toBeGreaterThan(50);
  });

  test('refuses to load twice, and --replace swaps the corpus without touching real content', async () => {
    await expect(seedSynthetic(db, { articles: 1000, people: 300, seed: 3 })).rejects.toThrow(
      SyntheticContentExistsError,
    );
    expect(await count('article', true)).toBe(1000);

    const result = await seedSynthetic(db, { articles: 200, replace: true });

    expect(result.replacedArticles).toBe(1000);
    expect(await count('article', true)).toBe(200);
    expect(await count('person', true)).toBe(50);
    expect(await count('article', false)).toBe(3);
    expect(await count('person', false)).toBe(3);
  });
});
