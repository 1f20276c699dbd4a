import { sql, type Kysely } from 'kysely';
import { migrations } from '../migrations/index.js';
import { seedSynthetic } from '../src/content/synthetic.js';
import { syntheticSlugPrefix } from '../src/content/synthetic-corpus.js';
import { openDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Database } from '../src/db/types.js';
import type { BenchDatabase } from './bench-database.js';
import type { ScenarioSubjects } from './scenarios.js';

export interface PreparedCorpus {
  /** Seconds spent building the corpus in this run; null when an existing one was reused. */
  buildSeconds: number | null;
  serverVersion: string;
  subjects: ScenarioSubjects;
}

/**
 * Whether the migrations the database ran are the first ones of this code, as Kysely requires.
 * Not so after switching branches, or when a migration was renamed or slotted in before others.
 */
async function migrationsFitThisCode(db: Kysely<Database>): Promise<boolean> {
  const { rows: [ledger] } = await sql<{ table: string | null }>`select to_regclass('kysely_migration')::text as table`.execute(db);
  if (!ledger?.table) return true;
  // migrations the database has run
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  const known = Object.keys(migrations).sort();
  return rows.every((row, index) => row.name === known[index]);
}

async function countSyntheticArticles(db: Kysely<Database>): Promise<number> {
  // synthetic articles already loaded
  const { count } = await db
    .selectFrom('article')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('slug', 'like', `${syntheticSlugPrefix}%`)
    .where('is_demo', '=', true)
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** The rows the scenarios ask for: fixed for a given corpus, chosen so that each page is full. */
async function pickSubjects(db: Kysely<Database>): Promise<ScenarioSubjects> {
  // the newest published article with a budgeted project and editor-pinned related articles
  const article = await db
    .selectFrom('article')
    .select('slug')
    .where('status', '=', 'published')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('article_project as link')
          .innerJoin('project', 'project.id', 'link.project_id')
          .select('link.project_id')
          .whereRef('link.article_id', '=', 'article.id')
          .where('project.budget_amount', 'is not', null),
      ),
    )
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('article_related as pin').select('pin.article_id').whereRef('pin.article_id', '=', 'article.id')),
    )
    .orderBy('listed_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  // the organisation with the most published articles
  const organisation = await db
    .selectFrom('organisation')
    .innerJoin('article_organisation as link', 'link.organisation_id', 'organisation.id')
    .innerJoin('article', 'article.id', 'link.article_id')
    .select('organisation.slug')
    .where('article.status', '=', 'published')
    .groupBy('organisation.id')
    .orderBy((eb) => eb.fn.countAll(), 'desc')
    .orderBy('organisation.id')
    .executeTakeFirstOrThrow();
  return { articleSlug: article.slug, organisationSlug: organisation.slug };
}

async function loadCorpus(db: Kysely<Database>, articles: number, log: (line: string) => void): Promise<PreparedCorpus> {
  await migrateToLatest(db);
  const present = await countSyntheticArticles(db);
  let buildSeconds: number | null = null;
  if (present !== articles) {
    log(present === 0 ? `Building the ${articles}-article corpus...` : `Replacing the ${present}-article corpus with ${articles} articles...`);
    const started = performance.now();
    await seedSynthetic(db, { articles, replace: present > 0 });
    buildSeconds = (performance.now() - started) / 1000;
    log(`Corpus built in ${buildSeconds.toFixed(1)} s (once: later runs reuse it).`);
  }
  // A database in use has been vacuumed by autovacuum: without the visibility map that VACUUM
  // sets, a freshly built corpus makes every index scan check the heap (search measured at twice
  // its PostgreSQL CPU right after a build). PGlite has no autovacuum at all.
  await sql`vacuum analyze`.execute(db);
  const { server_version: serverVersion } = (await sql<{ server_version: string }>`show server_version`.execute(db)).rows[0]!;
  return { buildSeconds, serverVersion, subjects: await pickSubjects(db) };
}

/**
 * Migrates, loads the synthetic corpus unless one of the right size is there (replacing one of
 * another size), refreshes the planner's statistics and picks the scenarios' subjects. A bench
 * database migrated by other code is rebuilt from scratch. The database is closed again:
 * PGlite admits one process at a time, and the servers run in others.
 */
export async function prepareCorpus(bench: BenchDatabase, articles: number, log: (line: string) => void): Promise<PreparedCorpus> {
  const database = await openDatabase(bench.target);
  try {
    if (await migrationsFitThisCode(database.db)) return await loadCorpus(database.db, articles, log);
  } finally {
    await database.close();
  }
  log('The bench database was migrated by other code (another branch, a renamed migration): rebuilding it.');
  await bench.recreate();
  return prepareCorpus(bench, articles, log);
}
