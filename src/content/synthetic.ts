import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import { tableHasColumn } from '../model/entities.js';
import {
  analyzeTables,
  deleteSyntheticRows,
  hasSyntheticRows,
  insertSyntheticEntities,
  insertSyntheticLinks,
  type SyntheticEntityTable,
  type SyntheticLinkTable,
} from '../repositories/synthetic-content.js';
import {
  generateSyntheticCorpus,
  syntheticSlugPrefix,
  type SyntheticCorpus,
  type SyntheticLink,
  type SyntheticOptions,
  type SyntheticSizes,
} from './synthetic-corpus.js';

// Loads the synthetic corpus in bulk: multi-row inserts of a thousand rows, all in one
// transaction, so that a 20 000-article corpus loads in seconds and an interrupted run leaves
// nothing behind. The importer's record-by-record path would take minutes for the same rows.

export interface SeedSyntheticOptions extends SyntheticOptions {
  /** Deletes the synthetic rows already there first; without it, finding any is an error. */
  replace?: boolean;
  onProgress?: (line: string) => void;
}

export interface SeedSyntheticResult {
  sizes: SyntheticSizes;
  /** Rows of the link tables, affiliations included. */
  links: number;
  /** Synthetic articles deleted first by `replace`. */
  replacedArticles: number;
}

export class SyntheticContentExistsError extends Error {
  override name = 'SyntheticContentExistsError';
}

const rowsPerStatement = 1000;
// In deletion order: articles first, their links go with them (on delete cascade).
const entityTables = ['article', 'topic', 'project', 'person', 'organisation', 'source'] as const satisfies readonly SyntheticEntityTable[];
const linkTables = [
  'affiliation',
  'project_organisation',
  'article_person',
  'article_organisation',
  'article_project',
  'article_topic',
  'article_related',
] as const satisfies readonly SyntheticLinkTable[];

export async function seedSynthetic(db: Kysely<Database>, options: SeedSyntheticOptions): Promise<SeedSyntheticResult> {
  const progress = options.onProgress ?? (() => {});
  const result = await db.transaction().execute(async (trx) => {
    let replacedArticles = 0;
    if (options.replace) {
      replacedArticles = await deleteSyntheticContent(trx);
      if (replacedArticles > 0) progress(`deleted ${replacedArticles} synthetic articles and their entities`);
    } else if (await hasSyntheticContent(trx)) {
      throw new SyntheticContentExistsError(
        `synthetic content (slugs starting with "${syntheticSlugPrefix}") is already loaded: run again with --replace to replace it`,
      );
    }
    const corpus = generateSyntheticCorpus(options);
    const links = await insertCorpus(trx, corpus, progress);
    return { sizes: corpus.sizes, links, replacedArticles };
  });

  // Fresh statistics: without them the planner takes the new tables for empty (PGlite has no autovacuum).
  await analyzeTables(db, [...entityTables, ...linkTables]);
  return result;
}

async function hasSyntheticContent(db: Kysely<Database>): Promise<boolean> {
  for (const table of entityTables) if (await hasSyntheticRows(db, table, syntheticSlugPrefix)) return true;
  return false;
}

/** Deletes the synthetic rows; returns how many articles went. */
async function deleteSyntheticContent(db: Kysely<Database>): Promise<number> {
  let articles = 0;
  for (const table of entityTables) {
    const deleted = await deleteSyntheticRows(db, table, syntheticSlugPrefix);
    if (table === 'article') articles = deleted;
  }
  return articles;
}

function chunks<T>(rows: readonly T[]): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    batches.push(rows.slice(start, start + rowsPerStatement));
  }
  return batches;
}

/** Inserts rows with a slug in batches; returns their ids in the order of `rows`. */
async function insertEntities(
  db: Kysely<Database>,
  table: SyntheticEntityTable,
  rows: ReadonlyArray<{ slug: string }>,
  progress: (line: string) => void,
): Promise<number[]> {
  const ids: number[] = [];
  for (const batch of chunks(rows)) {
    // Synthetic content is not real content: flagged like the demo set (topics have no flag).
    const flagged = batch.map((row) => ({ ...row, ...(tableHasColumn(table, 'is_demo') ? { is_demo: true } : {}) }));
    const idBySlug = await insertSyntheticEntities(db, table, flagged);
    for (const row of batch) ids.push(idBySlug.get(row.slug) as number);
    progress(`${table}: ${ids.length}/${rows.length}`);
  }
  return ids;
}

async function insertLinks(
  db: Kysely<Database>,
  table: SyntheticLinkTable,
  rows: ReadonlyArray<Record<string, unknown>>,
  progress: (line: string) => void,
): Promise<number> {
  let done = 0;
  for (const batch of chunks(rows)) {
    await insertSyntheticLinks(db, table, batch);
    done += batch.length;
    if (done === rows.length || done % 20_000 === 0) progress(`${table}: ${done}/${rows.length}`);
  }
  return rows.length;
}

/** Link rows with database ids in place of the corpus's indices. */
function linkRows(
  links: ReadonlyArray<SyntheticLink<string | null>>,
  from: { column: string; ids: readonly number[] },
  to: { column: string; ids: readonly number[] },
): Array<Record<string, unknown>> {
  return links.map((link) => ({
    [from.column]: from.ids[link.from],
    [to.column]: to.ids[link.to],
    position: link.position,
    ...(link.role === null ? {} : { role: link.role }),
  }));
}

async function insertCorpus(
  db: Kysely<Database>,
  corpus: SyntheticCorpus,
  progress: (line: string) => void,
): Promise<number> {
  const sourceIds = await insertEntities(db, 'source', corpus.sources, progress);
  const organisationIds = await insertEntities(db, 'organisation', corpus.organisations, progress);
  const personIds = await insertEntities(db, 'person', corpus.people, progress);
  const projectIds = await insertEntities(db, 'project', corpus.projects, progress);
  const topicIds = await insertEntities(db, 'topic', corpus.topics, progress);
  const articleIds = await insertEntities(
    db,
    'article',
    corpus.articles.map(({ source, ...article }) => ({
      ...article,
      source_id: source === null ? null : (sourceIds[source] as number),
    })),
    progress,
  );

  const person = { column: 'person_id', ids: personIds };
  const organisation = { column: 'organisation_id', ids: organisationIds };
  const article = { column: 'article_id', ids: articleIds };
  const affiliations = corpus.affiliations.map(
    ({ person: personIndex, organisation: organisationIndex, ...fields }) => ({
      ...fields,
      person_id: personIds[personIndex],
      organisation_id: organisationIds[organisationIndex],
    }),
  );
  return (
    (await insertLinks(db, 'affiliation', affiliations, progress)) +
    (await insertLinks(
      db,
      'project_organisation',
      linkRows(corpus.projectOrganisations, { column: 'project_id', ids: projectIds }, organisation),
      progress,
    )) +
    (await insertLinks(db, 'article_person', linkRows(corpus.articlePeople, article, person), progress)) +
    (await insertLinks(
      db,
      'article_organisation',
      linkRows(corpus.articleOrganisations, article, organisation),
      progress,
    )) +
    (await insertLinks(
      db,
      'article_project',
      linkRows(corpus.articleProjects, article, { column: 'project_id', ids: projectIds }),
      progress,
    )) +
    (await insertLinks(
      db,
      'article_topic',
      linkRows(corpus.articleTopics, article, { column: 'topic_id', ids: topicIds }),
      progress,
    )) +
    (await insertLinks(
      db,
      'article_related',
      linkRows(corpus.articleRelated, article, { column: 'related_article_id', ids: articleIds }),
      progress,
    ))
  );
}
