import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../db/types.js';
import {
  articleRecord,
  imageRecord,
  organisationRecord,
  parseContentFile,
  personRecord,
  projectRecord,
  sourceRecord,
  synonymRecord,
  topicRecord,
  type ArticleRecord,
} from './content-file.js';
import {
  writeArticle,
  writeImage,
  writeOrganisation,
  writePerson,
  writeProject,
  writeRelatedPins,
  writeSource,
  writeSynonym,
  writeTopic,
  type RecordIssue,
  type Refused,
} from './record-writers.js';
import type { Outcome } from '../repositories/import-writes.js';
import { synonymKey } from '../validation/synonym.js';

// Loads an import file (see content-file.ts) record by record, each in its own transaction with
// its links, so that a bad record is reported and skipped while the good ones load.

export type EntityKind = 'image' | 'source' | 'organisation' | 'person' | 'project' | 'topic' | 'article' | 'synonym';

export interface ImportCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface RejectedRecord {
  kind: EntityKind;
  /** Position of the record in its section of the file. */
  index: number;
  slug?: string;
  /** Path inside the record, like `people[1].person`; empty for the record as a whole. */
  field: string;
  message: string;
}

export interface ImportReport {
  counts: Record<EntityKind, ImportCounts>;
  rejected: RejectedRecord[];
}

export interface ImportOptions {
  /** Marks what this import inserts as demo content. */
  demo?: boolean;
  onProgress?: (done: number, total: number) => void;
}

/** Where a record came from in the file, to report it. */
interface Origin {
  kind: EntityKind;
  index: number;
  slug?: string;
  /** Prefix of the record's field paths, for a record found inside another one. */
  field?: string;
}

interface Job<T> {
  origin: Origin;
  record: T;
}

const entityKinds: readonly EntityKind[] = ['image', 'source', 'organisation', 'person', 'project', 'topic', 'article', 'synonym'];

export async function importContent(
  db: Kysely<Database>,
  content: unknown,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const file = parseContentFile(content);
  const demo = options.demo ?? false;
  const report: ImportReport = {
    counts: Object.fromEntries(entityKinds.map((kind) => [kind, { inserted: 0, updated: 0, unchanged: 0 }])) as Record<
      EntityKind,
      ImportCounts
    >,
    rejected: [],
  };
  const reject = (origin: Origin, issue: RecordIssue) =>
    report.rejected.push({
      kind: origin.kind,
      index: origin.index,
      ...(origin.slug === undefined ? {} : { slug: origin.slug }),
      field: [origin.field, issue.field].filter(Boolean).join('.'),
      message: issue.message,
    });

  const images = validate(file.images, 'image', imageRecord, reject);
  const sources = validate(file.sources, 'source', sourceRecord, reject);
  const organisations = validate(file.organisations, 'organisation', organisationRecord, reject);
  const people = validate(file.people, 'person', personRecord, reject);
  const projects = validate(file.projects, 'project', projectRecord, reject);
  const articles = validate(file.articles, 'article', articleRecord, reject);
  const topics = topicJobs(validate(file.topics, 'topic', topicRecord, reject), articles);
  // A pair is the same pair either way round.
  const synonyms = validate(file.synonyms, 'synonym', synonymRecord, reject, (pair) =>
    [synonymKey(pair.term), synonymKey(pair.synonym)].sort().join('\n'),
  );
  const pinned = articles.filter((job): job is Job<ArticleRecord & { related: string[] }> =>
    Boolean(job.record.related),
  );

  const total =
    images.length +
    sources.length +
    organisations.length +
    people.length +
    projects.length +
    topics.length +
    articles.length +
    pinned.length +
    synonyms.length;
  let done = 0;

  /** Writes each job in its own transaction; a refused or failing record is reported, the rest go on. */
  async function writeEach<T, R extends object>(
    jobs: ReadonlyArray<Job<T>>,
    write: (trx: Kysely<Database>, record: T) => Promise<R | Refused>,
    onWritten: (result: R, job: Job<T>) => void,
  ): Promise<void> {
    for (const job of jobs) {
      try {
        const result = await db.transaction().execute((trx) => write(trx, job.record));
        if ('issues' in result) for (const issue of result.issues) reject(job.origin, issue);
        else onWritten(result, job);
      } catch (error) {
        reject(job.origin, describeRecordFailure(error));
      }
      done += 1;
      options.onProgress?.(done, total);
    }
  }
  const count = (kind: EntityKind) => (written: { outcome: Outcome }) => {
    report.counts[kind][written.outcome] += 1;
  };

  // Images first: everything else may show them.
  await writeEach(images, (trx, record) => writeImage(trx, record, demo), count('image'));
  await writeEach(sources, (trx, record) => writeSource(trx, record, demo), count('source'));
  await writeEach(organisations, (trx, record) => writeOrganisation(trx, record, demo), count('organisation'));
  await writeEach(people, (trx, record) => writePerson(trx, record, demo), count('person'));
  await writeEach(projects, (trx, record) => writeProject(trx, record, demo), count('project'));
  await writeEach(topics, writeTopic, count('topic'));

  const articleOutcomes = new Map<string, Outcome>();
  await writeEach(
    articles,
    (trx, record) => writeArticle(trx, record, demo),
    (written, job) => {
      count('article')(written);
      articleOutcomes.set(job.record.slug, written.outcome);
    },
  );

  // Second pass: pins may name articles that come later in the file.
  const pinnable = pinned.filter((job) => articleOutcomes.has(job.record.slug));
  done += pinned.length - pinnable.length;
  await writeEach(
    pinnable,
    (trx, record) => writeRelatedPins(trx, record, articleOutcomes.get(record.slug) === 'unchanged'),
    ({ changed }, job) => {
      if (!changed || articleOutcomes.get(job.record.slug) !== 'unchanged') return;
      report.counts.article.unchanged -= 1;
      report.counts.article.updated += 1;
    },
  );

  await writeEach(synonyms, writeSynonym, count('synonym'));

  // In file order: section by section, then record by record.
  report.rejected.sort((a, b) => entityKinds.indexOf(a.kind) - entityKinds.indexOf(b.kind) || a.index - b.index);
  return report;
}

/** Parses each record on its own; rejects bad ones and later repeats of a key (the slug, by default). */
function validate<T>(
  records: readonly unknown[],
  kind: EntityKind,
  schema: z.ZodType<T>,
  reject: (origin: Origin, issue: RecordIssue) => void,
  keyOf: (record: T) => string = (record) => (record as { slug: string }).slug,
): Array<Job<T>> {
  const jobs: Array<Job<T>> = [];
  const firstIndexOfKey = new Map<string, number>();
  records.forEach((raw, index) => {
    const rawSlug = (raw as { slug?: unknown } | null)?.slug;
    const origin: Origin = { kind, index, ...(typeof rawSlug === 'string' ? { slug: rawSlug } : {}) };
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) reject(origin, { field: fieldPath(issue.path), message: issue.message });
      return;
    }
    const key = keyOf(parsed.data);
    const firstIndex = firstIndexOfKey.get(key);
    if (firstIndex !== undefined) {
      reject(origin, { field: kind === 'synonym' ? '' : 'slug', message: `repeats record ${firstIndex} of the same section` });
      return;
    }
    firstIndexOfKey.set(key, index);
    jobs.push({ origin, record: parsed.data });
  });
  return jobs;
}

/**
 * Topics named in the file's `topics`, then those only mentioned by articles: a mentioned topic
 * is reported against the first article that names it.
 */
function topicJobs(
  named: ReadonlyArray<Job<{ slug: string; name: string }>>,
  articles: ReadonlyArray<Job<ArticleRecord>>,
): Array<Job<{ slug: string; name?: string }>> {
  const jobs: Array<Job<{ slug: string; name?: string }>> = [...named];
  const seen = new Set(named.map((job) => job.record.slug));
  for (const article of articles) {
    article.record.topics.forEach((slug, position) => {
      if (seen.has(slug)) return;
      seen.add(slug);
      jobs.push({ origin: { ...article.origin, field: `topics[${position}]` }, record: { slug } });
    });
  }
  return jobs;
}

/** `['people', 1, 'person']` -> `people[1].person`. */
function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (joined, key) =>
      typeof key === 'number' ? `${joined}[${key}]` : joined ? `${joined}.${String(key)}` : String(key),
    '',
  );
}

/**
 * A record the database refused (a constraint or a bad value: SQLSTATE classes 22 and 23) is
 * reported; anything else (connection lost, a bug) stops the import.
 */
function describeRecordFailure(error: unknown): RecordIssue {
  const failure = error as { code?: unknown; column?: unknown; detail?: unknown; message?: unknown };
  const code = typeof failure.code === 'string' ? failure.code : '';
  if (!code.startsWith('22') && !code.startsWith('23')) throw error;
  const detail = typeof failure.detail === 'string' ? ` (${failure.detail})` : '';
  return {
    field: typeof failure.column === 'string' ? failure.column : '',
    message: `the database refused it: ${String(failure.message)}${detail}`,
  };
}
