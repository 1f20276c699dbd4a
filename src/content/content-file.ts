import { z } from 'zod';
import {
  affiliationRules,
  articleLinkRole,
  articleRules,
  organisationRules,
  personRules,
  projectRole,
  projectRules,
  sourceRules,
  topicRules,
} from '../validation/entities.js';
import { instant, slug } from '../validation/fields.js';
import { galleryItemRules, imageRules } from '../validation/image.js';
import { synonymRules } from '../validation/synonym.js';

// The import file format, as in seed/seed-article.json. The file itself is only checked for its
// shape (an object whose known keys hold arrays); every record is then parsed on its own, so one
// bad record is reported and the others still load. The field rules (shared with the mutations)
// (src/validation/entities.ts) mirror the CHECK constraints of the migrations, so that most mistakes are caught here, with a
// field path, before the database sees them. Unknown keys (`_about`, notes) are ignored.

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

/** An image: where the original is, its size, what it shows; the others name it by slug. */
export const imageRecord = z.object({ slug, ...imageRules });

/** A gallery: images by slug, in order, each with the caption of this use. */
const gallery = z
  .array(z.object({ image: slug, ...galleryItemRules }))
  .default([])
  .superRefine(noRepeats((item) => item.image, 'image'));

export const sourceRecord = z.object({ slug, ...sourceRules, logo: slug.nullish() });

export const organisationRecord = z.object({ slug, ...organisationRules, logo: slug.nullish() });

const affiliation = z.object({ organisation: slug, ...affiliationRules }).superRefine(datedSpan);

export const personRecord = z.object({
  slug,
  ...personRules,
  portrait: slug.nullish(),
  affiliations: z
    .array(affiliation)
    .default([])
    .superRefine(noRepeats((item) => JSON.stringify([item.organisation, item.title ?? null]), 'organisation')),
});

export const projectRecord = z
  .object({
    slug,
    ...projectRules,
    status: projectRules.status.default('announced'),
    showcase: projectRules.showcase.default(false),
    organisations: z
      .array(z.object({ organisation: slug, role: projectRole }))
      .default([])
      .superRefine(noRepeats((item) => item.organisation, 'organisation')),
    images: gallery,
  })
  .superRefine(datedSpan);

export const topicRecord = z.object({ slug, ...topicRules });

export const articleRecord = z
  .object({
    slug,
    ...articleRules,
    publishedAt: instant.nullish(),
    updatedAt: instant.nullish(),
    status: z.enum(['draft', 'published', 'archived']).default('published'),
    source: slug.nullish(),
    leadImage: slug.nullish(),
    images: gallery,
    topics: z
      .array(slug)
      .superRefine(noRepeats((topic) => topic))
      .default([]),
    people: z
      .array(z.object({ person: slug, role: articleLinkRole }))
      .default([])
      .superRefine(noRepeats((item) => item.person, 'person')),
    organisations: z
      .array(z.object({ organisation: slug, role: articleLinkRole }))
      .default([])
      .superRefine(noRepeats((item) => item.organisation, 'organisation')),
    projects: z
      .array(z.object({ project: slug, role: articleLinkRole.extract(['subject', 'mentioned']) }))
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

export type ImageRecord = z.infer<typeof imageRecord>;
export type SourceRecord = z.infer<typeof sourceRecord>;
export type OrganisationRecord = z.infer<typeof organisationRecord>;
export type PersonRecord = z.infer<typeof personRecord>;
export type ProjectRecord = z.infer<typeof projectRecord>;
export type TopicRecord = z.infer<typeof topicRecord>;
export type ArticleRecord = z.infer<typeof articleRecord>;

/** A synonym pair of search: { "term": "IA", "synonym": "intelligence artificielle" }. */
export const synonymRecord = synonymRules;
export type SynonymRecord = z.infer<typeof synonymRecord>;

const section = z.array(z.unknown()).default([]);
const contentFile = z.object({
  images: section,
  sources: section,
  organisations: section,
  people: section,
  projects: section,
  topics: section,
  articles: section,
  synonyms: section,
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
