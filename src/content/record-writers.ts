import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import { articleLinks } from '../model/links.js';
import type { ArticleRecord, ImageRecord, OrganisationRecord, PersonRecord, ProjectRecord, SourceRecord, SynonymRecord } from './content-file.js';
import { findImageSlugsWithoutAlt } from '../repositories/image.js';
import { insertSynonymUnlessKnown } from '../repositories/search-synonym.js';
import {
  bumpVersion,
  findIdsBySlugs,
  insertTopicIfMissing,
  replaceAffiliations,
  replaceLinks,
  upsertArticle,
  upsertImage,
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

/** The reference to one image a record names (a logo, a portrait, a lead image), if it names one. */
const imageReference = (field: string, slug: string | null | undefined): Reference[] => (slug ? [{ field, slug }] : []);

/** A gallery's images as references, with their place in the record. */
const galleryReferences = (items: ReadonlyArray<{ image: string }>): Reference[] =>
  items.map((item, index) => ({ field: `images[${index}].image`, slug: item.image }));

/** A gallery as links: each image with the caption of this use. */
const galleryLinks = (items: ReadonlyArray<{ image: string; caption?: string | null | undefined }>, idOf: (table: 'image', slug: string) => number) =>
  items.map((item) => ({ targetId: idOf('image', item.image), caption: item.caption ?? null }));

export function writeImage(db: Kysely<Database>, record: ImageRecord, demo: boolean): Promise<Written> {
  return upsertImage(db, {
    slug: record.slug,
    source_url: record.sourceUrl,
    width: record.width,
    height: record.height,
    mime_type: record.mimeType,
    alt_text: record.altText ?? null,
    caption: record.caption ?? null,
    credit: record.credit ?? null,
    licence: record.licence ?? null,
    focal_x: record.focalPoint?.x ?? null,
    focal_y: record.focalPoint?.y ?? null,
    is_demo: demo,
  });
}

export async function writeSource(db: Kysely<Database>, record: SourceRecord, demo: boolean): Promise<WriteResult> {
  const { idOf, issues } = await resolveReferences(db, { image: imageReference('logo', record.logo) });
  if (issues.length > 0) return { issues };
  return upsertSource(db, {
    slug: record.slug,
    name: record.name,
    kind: record.kind,
    homepage_url: record.homepageUrl ?? null,
    feed_url: record.feedUrl ?? null,
    country: record.country ?? null,
    language: record.language ?? null,
    is_demo: demo,
    logo_id: record.logo ? idOf('image', record.logo) : null,
  });
}

export async function writeOrganisation(db: Kysely<Database>, record: OrganisationRecord, demo: boolean): Promise<WriteResult> {
  const { idOf, issues } = await resolveReferences(db, { image: imageReference('logo', record.logo) });
  if (issues.length > 0) return { issues };
  return upsertOrganisation(db, {
    slug: record.slug,
    name: record.name,
    kind: record.kind,
    website_url: record.websiteUrl ?? null,
    description: record.description ?? null,
    country: record.country ?? null,
    is_demo: demo,
    logo_id: record.logo ? idOf('image', record.logo) : null,
  });
}

export async function writePerson(db: Kysely<Database>, record: PersonRecord, demo: boolean): Promise<WriteResult> {
  const { idOf, issues } = await resolveReferences(db, {
    organisation: record.affiliations.map((affiliation, index) => ({
      field: `affiliations[${index}].organisation`,
      slug: affiliation.organisation,
    })),
    image: imageReference('portrait', record.portrait),
  });
  if (issues.length > 0) return { issues };

  const written = await upsertPerson(db, {
    slug: record.slug,
    full_name: record.fullName,
    description: record.description ?? null,
    is_demo: demo,
    portrait_id: record.portrait ? idOf('image', record.portrait) : null,
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
    image: galleryReferences(record.images),
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
  const linkChanges =
    (await replaceLinks(
      db,
      'project_organisation',
      written.id,
      record.organisations.map((link) => ({ targetId: idOf('organisation', link.organisation), role: link.role })),
    )) + (await replaceLinks(db, 'project_image', written.id, galleryLinks(record.images, idOf)));
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
    image: [...imageReference('leadImage', record.leadImage), ...galleryReferences(record.images)],
  });
  if (issues.length > 0) return { issues };
  // A published article shows only images with alt text (as publishArticle demands).
  const shown = [...(record.leadImage ? [record.leadImage] : []), ...record.images.map((item) => item.image)];
  const withoutAlt = record.status === 'published' ? await findImageSlugsWithoutAlt(db, shown) : [];
  if (withoutAlt.length > 0) {
    return { issues: withoutAlt.map((slug) => ({ field: 'status', message: `a published article's images need alt text: image "${slug}" has none` })) };
  }

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
      lead_image_id: record.leadImage ? idOf('image', record.leadImage) : null,
    },
    { publishedAt, updatedAt },
  );

  let linkChanges = 0;
  for (const { link, listed } of linked) {
    const targets = listed.map(({ slug, role }) => ({ targetId: idOf(link.child, slug), ...(role !== undefined && { role }) }));
    linkChanges += await replaceLinks(db, link.table, written.id, targets);
  }
  linkChanges += await replaceLinks(db, 'article_image', written.id, galleryLinks(record.images, idOf));
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
