import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import { articleLinks } from '../model/links.js';
import type { ArticleRecord, OrganisationRecord, PersonRecord, ProjectRecord, SourceRecord, SynonymRecord } from './content-file.js';
import { insertSynonymUnlessKnown } from '../repositories/search-synonym.js';
import {
  bumpVersion,
  findIdsBySlugs,
  insertTopicIfMissing,
  replaceAffiliations,
  replaceLinks,
  upsertArticle,
  upsertOrganisation,
  upsertPerson,
  upsertProject,
  upsertSource,
  upsertTopic,
  type SlugTable,
  type Written,
} from '../repositories/import-writes.js';

// One function per kind of record: maps a validated file record to rows, checks the slugs it
// refers to, and writes the record with its links. Each runs inside the record's transaction.

export interface RecordIssue {
  field: string;
  message: string;
}
/** A record that refers to something missing: nothing of it was written. */
export interface Refused {
  issues: RecordIssue[];
}
export type WriteResult = Written | Refused;

interface Reference {
  field: string;
  slug: string;
}

/** Finds the ids of the slugs a record refers to, one statement per table. */
async function resolveReferences(db: Kysely<Database>, references: Partial<Record<SlugTable, Reference[]>>) {
  const ids = new Map<SlugTable, Map<string, number>>();
  const issues: RecordIssue[] = [];
  for (const [table, wanted] of Object.entries(references) as Array<[SlugTable, Reference[]]>) {
    const found = await findIdsBySlugs(
      db,
      table,
      wanted.map((reference) => reference.slug),
    );
    ids.set(table, found);
    for (const { field, slug } of wanted) {
      if (!found.has(slug)) issues.push({ field, message: `unknown ${table} "${slug}"` });
    }
  }
  const idOf = (table: SlugTable, slug: string): number => {
    const id = ids.get(table)?.get(slug);
    if (id === undefined) throw new Error(`${table} "${slug}" was not resolved`);
    return id;
  };
  return { idOf, issues };
}

/** A record whose own row did not change but whose links did has changed all the same. */
async function settleLinkChanges(
  written: Written,
  linkChanges: number,
  markChanged: () => Promise<void>,
): Promise<Written> {
  if (written.outcome !== 'unchanged' || linkChanges === 0) return written;
  await markChanged();
  return { ...written, outcome: 'updated' };
}

export function writeSource(db: Kysely<Database>, record: SourceRecord, demo: boolean): Promise<Written> {
  return upsertSource(db, {
    slug: record.slug,
    name: record.name,
    kind: record.kind,
    homepage_url: record.homepageUrl ?? null,
    feed_url: record.feedUrl ?? null,
    country: record.country ?? null,
    language: record.language ?? null,
    is_demo: demo,
  });
}

export function writeOrganisation(db: Kysely<Database>, record: OrganisationRecord, demo: boolean): Promise<Written> {
  return upsertOrganisation(db, {
    slug: record.slug,
    name: record.name,
    kind: record.kind,
    website_url: record.websiteUrl ?? null,
    description: record.description ?? null,
    country: record.country ?? null,
    is_demo: demo,
  });
}

export async function writePerson(db: Kysely<Database>, record: PersonRecord, demo: boolean): Promise<WriteResult> {
  const { idOf, issues } = await resolveReferences(db, {
    organisation: record.affiliations.map((affiliation, index) => ({
      field: `affiliations[${index}].organisation`,
      slug: affiliation.organisation,
    })),
  });
  if (issues.length > 0) return { issues };

  const written = await upsertPerson(db, {
    slug: record.slug,
    full_name: record.fullName,
    description: record.description ?? null,
    is_demo: demo,
  });
  const linkChanges = await replaceAffiliations(
    db,
    written.id,
    record.affiliations.map((affiliation) => ({
      organisation_id: idOf('organisation', affiliation.organisation),
      title: affiliation.title ?? null,
      started_on: affiliation.startedOn ?? null,
      ended_on: affiliation.endedOn ?? null,
    })),
  );
  return settleLinkChanges(written, linkChanges, () => bumpVersion(db, 'person', written.id));
}

export async function writeProject(db: Kysely<Database>, record: ProjectRecord, demo: boolean): Promise<WriteResult> {
  const { idOf, issues } = await resolveReferences(db, {
    organisation: record.organisations.map((link, index) => ({
      field: `organisations[${index}].organisation`,
      slug: link.organisation,
    })),
  });
  if (issues.length > 0) return { issues };

  const written = await upsertProject(db, {
    slug: record.slug,
    name: record.name,
    summary: record.summary ?? null,
    status: record.status,
    budget_amount: record.budget?.amount ?? null,
    budget_currency: record.budget?.currency ?? null,
    location_name: record.location?.name ?? null,
    location_country: record.location?.country ?? null,
    started_on: record.startedOn ?? null,
    ended_on: record.endedOn ?? null,
    showcase: record.showcase,
    is_demo: demo,
  });
  const linkChanges = await replaceLinks(
    db,
    'project_organisation',
    written.id,
    record.organisations.map((link) => ({ targetId: idOf('organisation', link.organisation), role: link.role })),
  );
  return settleLinkChanges(written, linkChanges, () => bumpVersion(db, 'project', written.id));
}

/** "intelligence-artificielle" -> "Intelligence artificielle". */
export function topicNameFromSlug(slug: string): string {
  const words = slug.replaceAll('-', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A topic the file names in `topics`, or one only mentioned by an article (`name` absent). */
export function writeTopic(db: Kysely<Database>, topic: { slug: string; name?: string }): Promise<Written> {
  return topic.name === undefined
    ? insertTopicIfMissing(db, topic.slug, topicNameFromSlug(topic.slug))
    : upsertTopic(db, { slug: topic.slug, name: topic.name });
}

/** A synonym pair: added unless the same pair (either way round) is there already. */
export async function writeSynonym(db: Kysely<Database>, pair: SynonymRecord): Promise<{ outcome: 'inserted' | 'unchanged' }> {
  return { outcome: (await insertSynonymUnlessKnown(db, pair)) ? 'inserted' : 'unchanged' };
}

/** One link an article record lists: the entity's slug, where in the record it is, its role. */
interface RecordLink {
  field: string;
  slug: string;
  role?: string;
}

/** The links of each kind an article record lists, read by the model's importer names (src/model/links.ts). */
function recordLinks(record: ArticleRecord) {
  return articleLinks.map((link) => {
    const { field, slugKey } = link.importer;
    const entries: ReadonlyArray<string | Record<string, string>> = record[field];
    const listed = entries.map((entry, index): RecordLink =>
      typeof entry === 'string' || slugKey === null
        ? { field: `${field}[${index}]`, slug: String(entry) }
        : { field: `${field}[${index}].${slugKey}`, slug: entry[slugKey]!, role: entry['role'] },
    );
    return { link, listed };
  });
}

export async function writeArticle(db: Kysely<Database>, record: ArticleRecord, demo: boolean): Promise<WriteResult> {
  const linked = recordLinks(record);
  const { idOf, issues } = await resolveReferences(db, {
    source: record.source ? [{ field: 'source', slug: record.source }] : [],
    ...Object.fromEntries(linked.map(({ link, listed }) => [link.child, listed])),
  });
  if (issues.length > 0) return { issues };

  const publishedAt = record.publishedAt ?? null;
  const updatedAt = record.updatedAt ?? null;
  const written = await upsertArticle(
    db,
    {
      slug: record.slug,
      kind: record.kind,
      title: record.title,
      lead: record.lead ?? null,
      body: record.body ?? null,
      language: record.language,
      status: record.status,
      // A published article the file gives no date is published now (and keeps that date).
      published_at: publishedAt ?? (record.status === 'published' ? new Date() : null),
      updated_at: updatedAt ?? publishedAt ?? new Date(),
      source_id: record.source ? idOf('source', record.source) : null,
      original_url: record.originalUrl ?? null,
      is_demo: demo,
    },
    { publishedAt, updatedAt },
  );

  let linkChanges = 0;
  for (const { link, listed } of linked) {
    const targets = listed.map(({ slug, role }) => ({ targetId: idOf(link.child, slug), ...(role !== undefined && { role }) }));
    linkChanges += await replaceLinks(db, link.table, written.id, targets);
  }
  return settleLinkChanges(written, linkChanges, () => bumpVersion(db, 'article', written.id, updatedAt));
}

/**
 * The editor pins of an article already written, replaced to match the file. Returns whether
 * they changed. A pin change is a new version unless the first pass already made one.
 */
export async function writeRelatedPins(
  db: Kysely<Database>,
  record: ArticleRecord & { related: string[] },
  articleUnchanged: boolean,
): Promise<{ changed: boolean } | Refused> {
  const { idOf, issues } = await resolveReferences(db, {
    article: [
      { field: 'slug', slug: record.slug },
      ...record.related.map((slug, index) => ({ field: `related[${index}]`, slug })),
    ],
  });
  if (issues.length > 0) return { issues };

  const articleId = idOf('article', record.slug);
  const changes = await replaceLinks(
    db,
    'article_related',
    articleId,
    record.related.map((slug) => ({ targetId: idOf('article', slug) })),
  );
  if (changes > 0 && articleUnchanged) await bumpVersion(db, 'article', articleId, record.updatedAt ?? null);
  return { changed: changes > 0 };
}
