import { z } from 'zod';
import {
  countryCode,
  currencyCode,
  day,
  decimalAmount,
  instant,
  label,
  languageTag,
  slug,
  webUrl,
} from '../validation/fields.js';

// The import file format, as in seed/seed-article.json. The file itself is only checked for its
// shape (an object whose known keys hold arrays); every record is then parsed on its own, so one
// bad record is reported and the others still load. The field rules (shared with the mutations)
// mirror the CHECK constraints of the migrations, so that most mistakes are caught here, with a
// field path, before the database sees them. Unknown keys (`_about`, notes) are ignored.

const text = z.string().nullish();

/** Flags the second and later items of a list that share a key: the database keys links by it. */
function noRepeats<T>(keyOf: (item: T) => string, field?: string) {
  return (items: T[], ctx: z.RefinementCtx) => {
    const firstIndex = new Map<string, number>();
    items.forEach((item, index) => {
      const key = keyOf(item);
      const first = firstIndex.get(key);
      if (first === undefined) firstIndex.set(key, index);
      else
        ctx.addIssue({
          code: 'custom',
          path: field ? [index, field] : [index],
          message: `repeats item ${first} of the list`,
        });
    });
  };
}

const datedSpan = <T extends { startedOn?: string | null | undefined; endedOn?: string | null | undefined }>(
  span: T,
  ctx: z.RefinementCtx,
) => {
  if (span.startedOn && span.endedOn && span.endedOn < span.startedOn) {
    ctx.addIssue({ code: 'custom', path: ['endedOn'], message: 'must not be before startedOn' });
  }
};

export const sourceRecord = z.object({
  slug,
  name: label(300),
  kind: z.enum(['press', 'agency', 'public_body', 'company', 'blog', 'other']),
  homepageUrl: webUrl.nullish(),
  feedUrl: webUrl.nullish(),
  country: countryCode.nullish(),
  language: languageTag.nullish(),
});

export const organisationRecord = z.object({
  slug,
  name: label(300),
  kind: z.enum(['company', 'public_body', 'local_authority', 'media', 'school', 'association', 'other']),
  websiteUrl: webUrl.nullish(),
  description: text,
  country: countryCode.nullish(),
});

const affiliation = z
  .object({
    organisation: slug,
    title: label(300).nullish(),
    startedOn: day.nullish(),
    endedOn: day.nullish(),
  })
  .superRefine(datedSpan);

export const personRecord = z.object({
  slug,
  fullName: label(300),
  description: text,
  affiliations: z
    .array(affiliation)
    .default([])
    .superRefine(noRepeats((item) => JSON.stringify([item.organisation, item.title ?? null]), 'organisation')),
});

export const projectRecord = z
  .object({
    slug,
    name: label(300),
    summary: text,
    status: z.enum(['announced', 'in_progress', 'completed', 'cancelled']).default('announced'),
    budget: z.object({ amount: decimalAmount, currency: currencyCode }).nullish(),
    location: z.object({ name: label(300), country: countryCode.nullish() }).nullish(),
    startedOn: day.nullish(),
    endedOn: day.nullish(),
    showcase: z.boolean().default(false),
    organisations: z
      .array(z.object({ organisation: slug, role: z.enum(['owner', 'investor', 'partner', 'client', 'host']) }))
      .default([])
      .superRefine(noRepeats((item) => item.organisation, 'organisation')),
  })
  .superRefine(datedSpan);

export const topicRecord = z.object({ slug, name: label(200) });

const articleRole = z.enum(['author', 'subject', 'quoted', 'mentioned']);

export const articleRecord = z
  .object({
    slug,
    kind: z.enum(['news', 'expert']),
    language: languageTag,
    title: label(500),
    lead: text,
    body: text,
    publishedAt: instant.nullish(),
    updatedAt: instant.nullish(),
    status: z.enum(['draft', 'published', 'archived']).default('published'),
    source: slug.nullish(),
    originalUrl: webUrl.nullish(),
    topics: z
      .array(slug)
      .superRefine(noRepeats((topic) => topic))
      .default([]),
    people: z
      .array(z.object({ person: slug, role: articleRole }))
      .default([])
      .superRefine(noRepeats((item) => item.person, 'person')),
    organisations: z
      .array(z.object({ organisation: slug, role: articleRole }))
      .default([])
      .superRefine(noRepeats((item) => item.organisation, 'organisation')),
    projects: z
      .array(z.object({ project: slug, role: z.enum(['subject', 'mentioned']) }))
      .default([])
      .superRefine(noRepeats((item) => item.project, 'project')),
    // Editor pins, in order. Absent means "leave the pins as they are": feeds rarely know them.
    related: z
      .array(slug)
      .superRefine(noRepeats((pin) => pin))
      .nullish(),
  })
  .superRefine((article, ctx) => {
    if (article.kind === 'news' && !article.source) {
      ctx.addIssue({ code: 'custom', path: ['source'], message: 'is required for a news article' });
    }
    const selfPin = article.related?.indexOf(article.slug) ?? -1;
    if (selfPin >= 0) {
      ctx.addIssue({ code: 'custom', path: ['related', selfPin], message: 'an article cannot be related to itself' });
    }
  });

export type SourceRecord = z.infer<typeof sourceRecord>;
export type OrganisationRecord = z.infer<typeof organisationRecord>;
export type PersonRecord = z.infer<typeof personRecord>;
export type ProjectRecord = z.infer<typeof projectRecord>;
export type TopicRecord = z.infer<typeof topicRecord>;
export type ArticleRecord = z.infer<typeof articleRecord>;

const section = z.array(z.unknown()).default([]);
const contentFile = z.object({
  sources: section,
  organisations: section,
  people: section,
  projects: section,
  topics: section,
  articles: section,
});
const sectionNames = contentFile.keyof().options;

/** The file's sections, each an array of records still to be parsed one by one. */
export type ContentFile = z.infer<typeof contentFile>;

/** The whole file is unusable: nothing can be imported from it. */
export class ContentFileError extends Error {
  override name = 'ContentFileError';
}

export function parseContentFile(content: unknown): ContentFile {
  const expected = `a JSON object with arrays among ${sectionNames.join(', ')}`;
  if (typeof content !== 'object' || content === null || Array.isArray(content)) {
    throw new ContentFileError(`expected ${expected}`);
  }
  const parsed = contentFile.safeParse(content);
  if (!parsed.success) {
    const sections = parsed.error.issues.map((issue) => issue.path.join('.'));
    throw new ContentFileError(`${[...new Set(sections)].join(', ')}: expected an array of records`);
  }
  if (!sectionNames.some((section) => section in content)) {
    throw new ContentFileError(`expected ${expected}, found none of them`);
  }
  return parsed.data;
}
