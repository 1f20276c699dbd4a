import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/types.js';
import {
  articleFields,
  linkToArticle,
  replaceRelatedPins,
  unlinkFromArticle,
  countArticles,
  findArticleBySlug,
  findArticles,
  findArticlesByIds,
  type ArticleFilter as ArticleFilterValues,
  type ArticleRow,
  type ArticleSortField,
  type ArticleStatusSeen,
  type ArticleWithSource,
} from '../repositories/article.js';
import { countOrganisationsByArticleIds, findOrganisationPagesByArticleIds } from '../repositories/organisation.js';
import { countPeopleByArticleIds, findPersonPagesByArticleIds } from '../repositories/person.js';
import { countProjectsByArticleIds, findProjectPagesByArticleIds } from '../repositories/project.js';
import { countTopicsByArticleIds, findTopicPagesByArticleIds } from '../repositories/topic.js';
import { currentInstant } from '../clock.js';
import { ErrorCode, clientError } from '../errors.js';
import { entities } from '../model/entities.js';
import { articleLinkByKind, articleLinkKindsByGraphqlType, articleLinks, type ArticleLink, type ArticleLinkFilterKey } from '../model/links.js';
import { builder } from './builder.js';
import { readingDeclared } from './computed-field.js';
import { decodeGlobalId, rowIdOf } from './global-id.js';
import { globalIdOf, refuse, withCode } from './mutation.js';
import { insertRow, updateVersioned } from '../repositories/entity-table.js';
import { articleLinkRole, articleRules } from '../validation/entities.js';
import { instant } from '../validation/fields.js';
import { editorMutation, idOf, type InputFields, mustExist, toColumns, updatedOrRefused, versionedEntityMutations, withChanges } from './entity-mutations.js';
import { checkImageExists, GalleryImageInput, galleryRule, imageIdRule, refuseImagesWithoutAlt, replaceGallery } from './image-uses.js';
import { resolveNestedConnection } from './nested-connection.js';
import { toConnection, toKeysetPage } from './pagination.js';
import {
  Article,
  ArticleConnection,
  ArticleOrganisationConnection,
  ArticlePersonConnection,
  ArticleProjectConnection,
  ArticleTopicConnection,
  Source,
} from './refs.js';
import { ArticleLinkRole } from './roles.js';
import { EDGE_NODE, selectedColumns } from './selected-columns.js';
import { SortDirection, lookupArgs, oneLookup } from './shared.js';
import { lookupArticle } from './preview.js';
import { joinedOrId, sourceJoin } from './joined-rows.js';
import type { SourceRow } from '../repositories/source.js';

export const ArticleKind = builder.enumType('ArticleKind', {
  description: 'Where an article comes from.',
  values: {
    NEWS: { value: 'news', description: 'Republished from a source (press title, agency, public body).' },
    EXPERT: { value: 'expert', description: "The site's own, written by its experts; it has no source." },
  } as const,
});

export const ArticleStatus = builder.enumType('ArticleStatus', {
  description: 'Where an article is in its life. Readers only ever see PUBLISHED ones.',
  values: {
    DRAFT: { value: 'draft', description: 'Being written; visible to editors only.' },
    SCHEDULED: {
      value: 'scheduled',
      description: 'Published with a publication time still to come: visible to editors only until then, then PUBLISHED by itself.',
    },
    PUBLISHED: { value: 'published', description: 'Public: its publication time has come.' },
    ARCHIVED: { value: 'archived', description: 'Withdrawn from the site; visible to editors only.' },
  } as const,
});

/** Article.source without a joined source: its id, for the loader. */
const sourceIdOf = readingDeclared<ArticleRow>()(entities.article, 'source', (article) => article.source_id);

/** SCHEDULED for a published article whose publication time is still to come (src/clock.ts). */
const statusSeen = readingDeclared<ArticleRow>()(entities.article, 'status', (article): ArticleStatusSeen =>
  article.status === 'published' && article.published_at !== null && article.published_at > currentInstant() ? 'scheduled' : article.status,
);

const ArticleSortFieldEnum = builder.enumType('ArticleSortField', {
  description: 'What a list of articles can be ordered by; ties are broken by id.',
  values: {
    PUBLISHED_AT: { value: 'listed_at', description: 'Publication date (a draft counts from its creation).' },
    UPDATED_AT: { value: 'updated_at', description: 'Last update.' },
    TITLE: { value: 'title', description: 'Title, alphabetically.' },
  } as const,
});

Article.implement({
  description: 'A story: republished news from a source, or an expert article of our own.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Unique, URL-safe name: the key clients use in links.' }),
    kind: t.expose('kind', { type: ArticleKind, description: 'News (republished) or expert (our own).' }),
    title: t.exposeString('title', { description: 'Headline.' }),
    lead: t.exposeString('lead', { nullable: true, description: 'Standfirst: the short paragraph under the title.' }),
    body: t.exposeString('body', { nullable: true, description: 'Full text; paragraphs are separated by blank lines.' }),
    language: t.exposeString('language', { description: 'BCP 47 language tag, e.g. "fr".' }),
    status: t.field({
      type: ArticleStatus,
      description: 'Draft, scheduled, published or archived, as of now.',
      resolve: statusSeen,
    }),
    publishedAt: t.expose('published_at', {
      type: 'DateTime',
      nullable: true,
      description: 'When it was published (null for a draft).',
    }),
    updatedAt: t.expose('updated_at', { type: 'DateTime', description: 'When its content last changed.' }),
    originalUrl: t.exposeString('original_url', {
      nullable: true,
      description: 'Address of the original at the source, for republished news.',
    }),
    version: t.exposeInt('version', {
      description: 'Increases with every change: send it back with an update to detect concurrent edits.',
    }),
    isDemo: t.exposeBoolean('is_demo', { description: 'True for the demo content loaded on first start.' }),
    source: t.field({
      type: Source,
      nullable: true,
      description: 'Where it is republished from; null for our own expert articles.',
      resolve: (article: ArticleWithSource) => joinedOrId(article.source, sourceIdOf(article)),
    }),
    people: t.field({
      type: ArticlePersonConnection,
      description: 'People it involves, in editorial order; each edge says their role.',
      args: t.arg.connectionArgs(),
      resolve: resolveNestedConnection({
        name: 'Article.people',
        order: 'POSITION',
        nodeType: 'Person',
        pages: (context, ids, page, wanted) => findPersonPagesByArticleIds(context.db, ids, page, wanted),
        counts: (context, ids) => countPeopleByArticleIds(context.db, ids),
      }),
    }),
    organisations: t.field({
      type: ArticleOrganisationConnection,
      description: 'Organisations it involves, in editorial order; each edge says their role.',
      args: t.arg.connectionArgs(),
      resolve: resolveNestedConnection({
        name: 'Article.organisations',
        order: 'POSITION',
        nodeType: 'Organisation',
        pages: (context, ids, page, wanted) => findOrganisationPagesByArticleIds(context.db, ids, page, wanted),
        counts: (context, ids) => countOrganisationsByArticleIds(context.db, ids),
      }),
    }),
    projects: t.field({
      type: ArticleProjectConnection,
      description: 'Projects it is about or mentions; each edge says which.',
      args: t.arg.connectionArgs(),
      resolve: resolveNestedConnection({
        name: 'Article.projects',
        order: 'POSITION',
        nodeType: 'Project',
        pages: (context, ids, page, wanted) => findProjectPagesByArticleIds(context.db, ids, page, wanted),
        counts: (context, ids) => countProjectsByArticleIds(context.db, ids),
      }),
    }),
    topics: t.field({
      type: ArticleTopicConnection,
      description: 'Topics it is filed under, in editorial order.',
      args: t.arg.connectionArgs(),
      resolve: resolveNestedConnection({
        name: 'Article.topics',
        order: 'POSITION',
        nodeType: 'Topic',
        pages: (context, ids, page, wanted) => findTopicPagesByArticleIds(context.db, ids, page, wanted),
        counts: (context, ids) => countTopicsByArticleIds(context.db, ids),
      }),
    }),
  }),
});

/**
 * What each link filter of ArticleFilter says (src/model/links.ts names them), in the input's
 * order: a link given an `articleFilter` does not compile until it is described here.
 */
const linkFilterDescriptions = {
  personIds: 'Articles involving any of these people.',
  organisationIds: 'Articles involving any of these organisations.',
  projectIds: 'Articles about or mentioning any of these projects.',
  topicIds: 'Articles filed under any of these topics.',
} as const satisfies Record<ArticleLinkFilterKey, string>;

const articleLinkByFilter = new Map(articleLinks.map((link) => [link.articleFilter, link]));

/** How a client gets the global ids a filter takes from the slugs it knows, in one line. */
const idsFromSlugs = (typename: string) =>
  ` Global ids: \`${typename[0]!.toLowerCase()}${typename.slice(1)}(slug: "…") { id }\` gives one.`;

/** The input fields of the link filters, named like the lists they filter on (`people`...). */
function linkFilterFields(t: InputFields) {
  const ids = (description: string) => t.globalIDList({ description });
  const fields = Object.entries(linkFilterDescriptions).map(([key, description]) => {
    const link = articleLinkByFilter.get(key as ArticleLinkFilterKey)!;
    return [link.parentField, ids(description + idsFromSlugs(entities[link.child].graphqlType))];
  });
  return Object.fromEntries(fields) as Record<ArticleLink['parentField'], ReturnType<typeof ids>>;
}

export const ArticleFilter = builder.inputType('ArticleFilter', {
  description:
    'Narrows a list of articles. Each field given must match (AND); a list matches any of its values (OR).',
  fields: (t) => ({
    kinds: t.field({ type: [ArticleKind], description: 'News, expert, or both.' }),
    statuses: t.field({
      type: [ArticleStatus],
      description: 'Editors only: readers never see anything but PUBLISHED. SCHEDULED lists what will be published by itself later.',
    }),
    languages: t.stringList({ description: 'BCP 47 tags, e.g. ["fr"].' }),
    sources: t.globalIDList({ description: `Articles republished from any of these sources.${idsFromSlugs('Source')}` }),
    ...linkFilterFields(t),
    publishedAfter: t.field({ type: 'DateTime', description: 'Published at or after this time.' }),
    publishedBefore: t.field({ type: 'DateTime', description: 'Published before this time.' }),
  }),
});

const ArticleOrder = builder.inputType('ArticleOrder', {
  description: 'How to order a list of articles.',
  fields: (t) => ({
    field: t.field({ type: ArticleSortFieldEnum, required: true, defaultValue: 'listed_at' }),
    direction: t.field({ type: SortDirection, required: true, defaultValue: 'desc' }),
  }),
});

const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

type GlobalIds = ReadonlyArray<{ typename: string; id: string }> | null | undefined;
const rowIds = (ids: GlobalIds, typename: string) => ids?.map((id) => rowIdOf(id, typename));

/** The ids each link filter names, under its key (`personIds`...). */
function linkFilterValues(filter: typeof ArticleFilter.$inferInput): Pick<ArticleFilterValues, ArticleLinkFilterKey> {
  return Object.fromEntries(
    articleLinks.map((link) => [link.articleFilter, rowIds(filter[link.parentField], entities[link.child].graphqlType)]),
  );
}

export function toFilterValues(filter: typeof ArticleFilter.$inferInput | null | undefined): ArticleFilterValues {
  if (!filter) return {};
  const badLanguage = filter.languages?.find((language) => !LANGUAGE_TAG.test(language));
  if (badLanguage !== undefined) {
    throw clientError(ErrorCode.invalidArgument, `"${badLanguage.slice(0, 50)}" is not a BCP 47 language tag like "fr".`, {
      field: 'filter.languages',
    });
  }
  return {
    kinds: filter.kinds ?? undefined,
    statuses: filter.statuses ?? undefined,
    languages: filter.languages ?? undefined,
    sourceIds: rowIds(filter.sources, 'Source'),
    ...linkFilterValues(filter),
    publishedAfter: filter.publishedAfter ?? undefined,
    publishedBefore: filter.publishedBefore ?? undefined,
  };
}

builder.queryFields((t) => ({
  article: t.field({
    type: Article,
    nullable: true,
    description:
      'One article by slug (a former slug too) or by id (give exactly one); null when there is none. With a preview ' +
      'token (this argument or the X-Preview-Token header), the article it was made for, unpublished, with its pending revision.',
    args: {
      ...lookupArgs(t),
      previewToken: t.arg.string({ description: 'A token from createPreviewToken: shows that one article as it will be published.' }),
    },
    resolve: (_root, args, context, info) =>
      lookupArticle(context, args, () =>
        oneLookup(context.db, args, 'Article', {
          bySlug: (slug) => findArticleBySlug(context.db, slug, context.audience, sourceJoin(context, info, [])),
          byId: (id) => Article.getDataloader(context).load(id),
        }),
      ),
  }),
  articles: t.field({
    type: ArticleConnection,
    description: 'Articles, newest first unless `orderBy` says otherwise.',
    args: {
      ...t.arg.connectionArgs(),
      filter: t.arg({ type: ArticleFilter }),
      orderBy: t.arg({ type: ArticleOrder }),
    },
    resolve: async (_root, args, context, info) => {
      const field: ArticleSortField = args.orderBy?.field ?? 'listed_at';
      const direction = args.orderBy?.direction ?? 'desc';
      const orderName = `${field}_${direction}`.toUpperCase();
      const filter = toFilterValues(args.filter);
      const page = await findArticles(
        context.db,
        filter,
        { field, direction },
        toKeysetPage(args, orderName),
        context.audience,
        selectedColumns(context, info, 'Article', EDGE_NODE),
        sourceJoin(context, info, EDGE_NODE),
      );
      return toConnection(page, orderName, () => countArticles(context.db, filter, context.audience));
    },
  }),
}));

// ——— Writing articles (editors only) ———

const statusChangeInput = z.object({
  id: z.string().transform(globalIdOf('Article')),
  version: z.number().int().positive(),
  publishedAt: instant.nullish(),
});

/** News is republished from a source; our own expert articles have none. */
function checkSource(kind: string, sourceId: number | null) {
  if (kind === 'news' && sourceId === null) refuse('REQUIRED', ['source'], 'a news article needs its source');
  if (kind === 'expert' && sourceId !== null) refuse('INVALID', ['source'], 'an expert article is our own: it has no source');
}

/** The stored article, for a write that depends on it. */
export async function currentArticle(db: Kysely<Database>, id: number) {
  const [article] = await findArticlesByIds(db, [id], 'editor');
  return article ?? refuse('NOT_FOUND', ['id'], 'no article has this id');
}

function changeStatus(action: string, status: 'draft' | 'published' | 'archived') {
  return {
    action,
    input: statusChangeInput,
    async write(db: Kysely<Database>, input: z.infer<typeof statusChangeInput>) {
      const article = await currentArticle(db, input.id);
      if (status === 'published') await refuseImagesWithoutAlt(db, input.id, ['id']);
      const publishedAt =
        status === 'published' ? (input.publishedAt ? new Date(input.publishedAt) : (article.published_at ?? currentInstant())) : article.published_at;
      const updated = await updateVersioned<ArticleRow>(db, 'article', articleFields, input.id, input.version, {
        status,
        published_at: publishedAt,
      });
      return { result: updatedOrRefused('article', updated), entityType: 'article', entityId: input.id };
    },
  };
}

// An article's own fields, declared once: their rules, their input fields for createArticle and
// updateArticle, and the columns they set. It is written as a draft; publishing, archiving and
// links have mutations of their own below. It is never deleted: it is archived.
export const ArticlePayload = versionedEntityMutations({
  typename: 'Article',
  table: 'article',
  ref: Article,
  fields: { ...articleRules, source: idOf('Source').nullish(), leadImage: imageIdRule },
  nameField: 'title',
  inputFields: (t, create) => ({
    kind: t.field({ type: ArticleKind, required: create, description: 'News (needs a source) or expert (has none).' }),
    title: t.string({ required: create, description: 'Headline, 1 to 500 characters.' }),
    lead: t.string({ description: 'Standfirst, up to 2 000 characters; null clears it.' }),
    body: t.string({ description: 'Full text, up to 200 000 characters; null clears it.' }),
    language: t.string({ required: create, description: 'BCP 47 tag, e.g. "fr".' }),
    slug: t.string({ description: 'Unique slug; made from the title when left out on creation ("Données & IA" → "donnees-ia").' }),
    source: t.id({ description: 'The source a news article is republished from.' }),
    originalUrl: t.string({ description: 'Address of the original at the source; null clears it.' }),
    leadImage: t.id({ description: 'The picture at its top: the id of an Image (with alt text, once published); null removes it.' }),
  }),
  columns: (article) =>
    toColumns(article, {
      kind: 'kind',
      title: 'title',
      lead: 'lead',
      body: 'body',
      language: 'language',
      source_id: 'source',
      original_url: 'originalUrl',
      lead_image_id: 'leadImage',
    }),
  // The stored kind (or source) counts when only the other changes.
  async check(db, values, id) {
    const next = id === undefined ? values : withChanges(await currentArticle(db, id), values);
    checkSource(next.kind!, next.source_id ?? null);
    if (values.source_id != null) await mustExist(db, 'source', values.source_id, 'source');
    await checkImageExists(db, values.lead_image_id, 'leadImage');
  },
  insert: (db, values) => insertRow<ArticleRow>(db, 'article', articleFields, { ...values, status: 'draft' }),
  // A published article keeps showing only images with alt text.
  async update(db, id, version, values) {
    const updated = await updateVersioned<ArticleRow>(db, 'article', articleFields, id, version, values);
    if (updated.row?.status === 'published') await refuseImagesWithoutAlt(db, id, ['leadImage']);
    return updated;
  },
  describe: { newInput: 'A new article. It starts as a draft; publish it with `publishArticle`.' },
});

const ArticleStatusInput = builder.inputType('ArticleStatusInput', {
  description: 'Which article changes status, at which version.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The article.' }),
    version: t.int({ required: true, description: 'The version you read.' }),
    publishedAt: t.string({ description: 'For publishArticle: the publication time (ISO 8601); default now, or the first publication.' }),
  }),
});

const LinkArticleInput = builder.inputType('LinkArticleInput', {
  description: 'Links a person, organisation, project or topic to an article.',
  fields: (t) => ({
    article: t.id({ required: true, description: 'The article.' }),
    entity: t.id({ required: true, description: 'The id of a Person, Organisation, Project or Topic.' }),
    role: t.field({ type: ArticleLinkRole, description: 'Its part in the article; required except for topics. Projects: SUBJECT or MENTIONED.' }),
    position: t.int({ description: 'Its rank in the editorial order: links are listed by rank, then by id; last when left out.' }),
  }),
});

const UnlinkArticleInput = builder.inputType('UnlinkArticleInput', {
  description: 'Removes a link between an article and an entity.',
  fields: (t) => ({
    article: t.id({ required: true, description: 'The article.' }),
    entity: t.id({ required: true, description: 'The id of a Person, Organisation, Project or Topic.' }),
  }),
});

const PinRelatedInput = builder.inputType('PinRelatedArticlesInput', {
  description: "Sets the editor's pinned related articles, in order (replaces the previous pins).",
  fields: (t) => ({
    article: t.id({ required: true, description: 'The article.' }),
    related: t.idList({ required: true, description: 'Up to 20 other articles, in the order readers should see them.' }),
  }),
});

/** The kind of entity each linkable GraphQL type is (src/model/links.ts). */
const linkKindOf = new Map(Object.entries(articleLinkKindsByGraphqlType));

const linkedEntity = z.string().transform((value, ctx) => {
  try {
    const { typename, id } = decodeGlobalId(value);
    const kind = linkKindOf.get(typename);
    if (kind) return { kind, id: Number(id) };
    ctx.addIssue({ code: 'custom', message: `a ${typename} cannot be linked to an article`, params: withCode('INVALID_ID') });
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not a valid id', params: withCode('INVALID_ID') });
  }
  return z.NEVER;
});

const linkArticleInput = z
  .object({
    article: z.string().transform(globalIdOf('Article')),
    entity: linkedEntity,
    role: articleLinkRole.nullish(),
    position: z.number().int().min(0).max(1000).nullish(),
  })
  .superRefine((input, ctx) => {
    if (articleLinkByKind[input.entity.kind].roles !== null && !input.role) {
      ctx.addIssue({ code: 'custom', path: ['role'], message: `linking a ${input.entity.kind} needs a role`, params: withCode('REQUIRED') });
    }
    if (input.entity.kind === 'project' && input.role && !['subject', 'mentioned'].includes(input.role)) {
      ctx.addIssue({ code: 'custom', path: ['role'], message: 'a project is the SUBJECT of an article or MENTIONED in it' });
    }
  });

const unlinkArticleInput = z.object({ article: z.string().transform(globalIdOf('Article')), entity: linkedEntity });

const pinRelatedInput = z
  .object({
    article: z.string().transform(globalIdOf('Article')),
    related: z.array(z.string().transform(globalIdOf('Article'))).max(20, 'pin at most 20 articles'),
  })
  .superRefine((input, ctx) => {
    input.related.forEach((id, index) => {
      if (id === input.article) ctx.addIssue({ code: 'custom', path: ['related', index], message: 'an article cannot be related to itself' });
      else if (input.related.indexOf(id) !== index) ctx.addIssue({ code: 'custom', path: ['related', index], message: 'is pinned twice' });
    });
  });

/** The article after a change to its links, which are not versioned (adding a link loses nothing). */
async function touchedArticle(db: Kysely<Database>, articleId: number) {
  const article = await currentArticle(db, articleId);
  return { result: article, entityType: 'article', entityId: articleId };
}

const statusChanges = [
  [
    'publishArticle',
    'article.publish',
    'published',
    'Publishes an article: readers see it from its `publishedAt` on (now by default); until a later one, it is SCHEDULED.',
  ],
  ['unpublishArticle', 'article.unpublish', 'draft', 'Takes a published article back to draft: readers no longer see it.'],
  ['archiveArticle', 'article.archive', 'archived', 'Archives an article (the soft delete): readers no longer see it; editors still do.'],
] as const;

for (const [name, action, status, description] of statusChanges) {
  editorMutation(name, { description, input: ArticleStatusInput, payload: ArticlePayload, mutation: changeStatus(action, status) });
}

editorMutation('linkArticle', {
  description: 'Links a person, organisation, project or topic to an article, with its role; linking again changes the role.',
  input: LinkArticleInput,
  payload: ArticlePayload,
  mutation: {
    action: 'article.link',
    input: linkArticleInput,
    references: { article_id: ['article'], ...Object.fromEntries(articleLinks.map((link) => [link.childColumn, ['entity']])) },
    async write(db, link) {
      await currentArticle(db, link.article);
      await mustExist(db, link.entity.kind, link.entity.id, 'entity');
      const role = articleLinkByKind[link.entity.kind].roles === null ? null : link.role!;
      await linkToArticle(db, link.entity.kind, link.article, link.entity.id, role, link.position ?? null);
      return touchedArticle(db, link.article);
    },
  },
});

editorMutation('unlinkArticle', {
  description: 'Removes the link between an article and a person, organisation, project or topic.',
  input: UnlinkArticleInput,
  payload: ArticlePayload,
  mutation: {
    action: 'article.unlink',
    input: unlinkArticleInput,
    async write(db, link) {
      await currentArticle(db, link.article);
      if (!(await unlinkFromArticle(db, link.entity.kind, link.article, link.entity.id))) {
        refuse('NOT_FOUND', ['entity'], `this ${link.entity.kind} is not linked to the article`);
      }
      return touchedArticle(db, link.article);
    },
  },
});

const SetArticleImagesInput = builder.inputType('SetArticleImagesInput', {
  description: "Sets an article's gallery, in order (replaces the previous one).",
  fields: (t) => ({
    article: t.id({ required: true, description: 'The article.' }),
    images: t.field({ type: [GalleryImageInput], required: true, description: 'Up to 100 images, in the order readers should see them.' }),
  }),
});

editorMutation('setArticleImages', {
  description: "Sets an article's gallery (`images`), in order, each image with an optional caption of its own. A published article's images need alt text (ALT_TEXT_REQUIRED).",
  input: SetArticleImagesInput,
  payload: ArticlePayload,
  mutation: {
    action: 'article.set-images',
    input: z.object({ article: z.string().transform(globalIdOf('Article')), images: galleryRule }),
    async write(db, gallery) {
      const article = await currentArticle(db, gallery.article);
      await replaceGallery(db, 'article', gallery.article, gallery.images);
      if (article.status === 'published') await refuseImagesWithoutAlt(db, gallery.article, ['images']);
      return touchedArticle(db, gallery.article);
    },
  },
});

editorMutation('pinRelatedArticles', {
  description: "Sets an article's pinned related articles, in order: they come first in `related`.",
  input: PinRelatedInput,
  payload: ArticlePayload,
  mutation: {
    action: 'article.pin-related',
    input: pinRelatedInput,
    async write(db, pins) {
      await currentArticle(db, pins.article);
      for (const [index, id] of pins.related.entries()) await mustExist(db, 'article', id, ['related', String(index)]);
      await replaceRelatedPins(db, pins.article, pins.related);
      return touchedArticle(db, pins.article);
    },
  },
});
