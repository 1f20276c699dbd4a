import type { Context } from '../context.js';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/types.js';
import {
  articleFields,
  linkToArticle,
  replaceRelatedPins,
  unlinkFromArticle,
  countArticles,
  countArticlesByParentIds,
  findArticleBySlug,
  findArticlePagesByParentIds,
  findArticles,
  findArticlesByIds,
  type ArticleFilter as ArticleFilterValues,
  type ArticleParent,
  type ArticleRow,
  type ArticleSortField,
  type LinkedArticleRow,
} from '../repositories/article.js';
import { countOrganisationsByArticleIds, findOrganisationPagesByArticleIds } from '../repositories/organisation.js';
import { countPeopleByArticleIds, findPersonPagesByArticleIds } from '../repositories/person.js';
import { countProjectsByArticleIds, findProjectPagesByArticleIds } from '../repositories/project.js';
import { countTopicsByArticleIds, findTopicPagesByArticleIds } from '../repositories/topic.js';
import { ErrorCode, clientError, orNotFound } from '../errors.js';
import { builder } from './builder.js';
import { decodeGlobalId, parseRowId, rowIdOf } from './global-id.js';
import { globalIdOf, payloadType, refuse } from './mutation.js';
import { insertRow, updateVersioned } from '../repositories/entity-table.js';
import { instant, label, languageTag, slug as slugField, webUrl } from '../validation/fields.js';
import { chooseSlug, editorMutation, freeSlug, mustExist, updatedOrRefused } from './entity-mutations.js';
import { resolveNestedConnection } from './nested-connection.js';
import { ArticleOrganisationConnection } from './organisation.js';
import { toConnection, toKeysetPage } from './pagination.js';
import { ArticlePersonConnection } from './person.js';
import { ArticleProjectConnection } from './project.js';
import { Source } from './source.js';
import { ArticleLinkRole } from './roles.js';
import { EDGE_NODE, selectedColumns } from './selected-columns.js';
import { SortDirection, lookupArgs, oneLookup, roleEdge } from './shared.js';
import { ArticleTopicConnection } from './topic.js';

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
    PUBLISHED: { value: 'published', description: 'Public.' },
    ARCHIVED: { value: 'archived', description: 'Withdrawn from the site; visible to editors only.' },
  } as const,
});

const ArticleSortFieldEnum = builder.enumType('ArticleSortField', {
  description: 'What a list of articles can be ordered by; ties are broken by id.',
  values: {
    PUBLISHED_AT: { value: 'listed_at', description: 'Publication date (a draft counts from its creation).' },
    UPDATED_AT: { value: 'updated_at', description: 'Last update.' },
    TITLE: { value: 'title', description: 'Title, alphabetically.' },
  } as const,
});

export const Article = builder.loadableNodeRef('Article', {
  id: { resolve: (article) => article.id, parse: parseRowId },
  load: async (ids: number[], context: Context) =>
    orNotFound('Article', ids, await findArticlesByIds(context.db, ids, context.audience)),
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
    status: t.expose('status', { type: ArticleStatus, description: 'Draft, published or archived.' }),
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
      resolve: (article) => article.source_id,
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

export const ArticleConnection = builder.connectionObject({
  type: Article,
  name: 'ArticleConnection',
  description: 'A page of articles.',
});

export const LinkedArticleConnection = builder.connectionObject(
  { type: Article, name: 'LinkedArticleConnection', description: 'A page of the articles an entity appears in.' },
  roleEdge('LinkedArticleEdge', ArticleLinkRole, 'The part the entity plays in this article.'),
);

/** The resolver of an entity's articles (Source.articles, Person.articles...), newest first. */
export function resolveArticlesOf(parent: ArticleParent, name: string) {
  return resolveNestedConnection<LinkedArticleRow>({
    name,
    order: 'LISTED_AT_DESC',
    nodeType: 'Article',
    pages: (context, ids, page, wanted) => findArticlePagesByParentIds(context.db, parent, ids, page, context.audience, wanted),
    counts: (context, ids) => countArticlesByParentIds(context.db, parent, ids, context.audience),
  });
}

export const ArticleFilter = builder.inputType('ArticleFilter', {
  description:
    'Narrows a list of articles. Each field given must match (AND); a list matches any of its values (OR).',
  fields: (t) => ({
    kinds: t.field({ type: [ArticleKind], description: 'News, expert, or both.' }),
    statuses: t.field({
      type: [ArticleStatus],
      description: 'Editors only: readers never see anything but PUBLISHED.',
    }),
    languages: t.stringList({ description: 'BCP 47 tags, e.g. ["fr"].' }),
    sources: t.globalIDList({ description: 'Articles republished from any of these sources.' }),
    people: t.globalIDList({ description: 'Articles involving any of these people.' }),
    organisations: t.globalIDList({ description: 'Articles involving any of these organisations.' }),
    projects: t.globalIDList({ description: 'Articles about or mentioning any of these projects.' }),
    topics: t.globalIDList({ description: 'Articles filed under any of these topics.' }),
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
    personIds: rowIds(filter.people, 'Person'),
    organisationIds: rowIds(filter.organisations, 'Organisation'),
    projectIds: rowIds(filter.projects, 'Project'),
    topicIds: rowIds(filter.topics, 'Topic'),
    publishedAfter: filter.publishedAfter ?? undefined,
    publishedBefore: filter.publishedBefore ?? undefined,
  };
}

builder.queryFields((t) => ({
  article: t.field({
    type: Article,
    nullable: true,
    description: 'One article by slug or by id (give exactly one); null when there is none.',
    args: lookupArgs(t),
    resolve: (_root, args, context) =>
      oneLookup(args, 'Article', {
        bySlug: (slug) => findArticleBySlug(context.db, slug, context.audience),
        byId: (id) => Article.getDataloader(context).load(id),
      }),
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
      );
      return toConnection(page, orderName, () => countArticles(context.db, filter, context.audience));
    },
  }),
}));

// ——— Writing articles (editors only) ———

const ArticlePayload = payloadType('ArticlePayload', 'article', Article, 'the article as it now is');

const articleText = {
  title: label(500),
  lead: z.string().max(2_000, 'must be at most 2000 characters').nullish(),
  body: z.string().max(200_000, 'must be at most 200000 characters').nullish(),
  language: languageTag,
  slug: slugField.nullish(),
  source: z.string().transform(globalIdOf('Source')).nullish(),
  originalUrl: webUrl.nullish(),
};

const createArticleInput = z.object({ kind: z.enum(['news', 'expert']), ...articleText });

const updateArticleInput = z.object({
  id: z.string().transform(globalIdOf('Article')),
  version: z.number().int().positive(),
  kind: z.enum(['news', 'expert']).nullish(),
  ...z.object(articleText).partial().shape,
});

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
async function currentArticle(db: Kysely<Database>, id: number) {
  const [article] = await findArticlesByIds(db, [id], 'editor');
  return article ?? refuse('NOT_FOUND', ['id'], 'no article has this id');
}

function changeStatus(action: string, status: 'draft' | 'published' | 'archived') {
  return {
    action,
    input: statusChangeInput,
    async write(db: Kysely<Database>, input: z.infer<typeof statusChangeInput>) {
      const article = await currentArticle(db, input.id);
      const publishedAt =
        status === 'published' ? (input.publishedAt ? new Date(input.publishedAt) : (article.published_at ?? new Date())) : article.published_at;
      const updated = await updateVersioned<ArticleRow>(db, 'article', articleFields, input.id, input.version, {
        status,
        published_at: publishedAt,
      });
      return { result: updatedOrRefused('article', updated), entityType: 'article', entityId: input.id };
    },
  };
}

const ArticleKindInput = { type: ArticleKind, description: 'News (needs a source) or expert (has none).' } as const;

const CreateArticleInput = builder.inputType('CreateArticleInput', {
  description: 'A new article. It starts as a draft; publish it with `publishArticle`.',
  fields: (t) => ({
    kind: t.field({ ...ArticleKindInput, required: true }),
    title: t.string({ required: true, description: 'Headline, 1 to 500 characters.' }),
    lead: t.string({ description: 'Standfirst, up to 2 000 characters.' }),
    body: t.string({ description: 'Full text, up to 200 000 characters.' }),
    language: t.string({ required: true, description: 'BCP 47 tag, e.g. "fr".' }),
    slug: t.string({ description: 'Unique slug; made from the title when left out ("Données & IA" → "donnees-ia").' }),
    source: t.id({ description: 'The source a news article is republished from.' }),
    originalUrl: t.string({ description: 'Address of the original at the source.' }),
  }),
});

const UpdateArticleInput = builder.inputType('UpdateArticleInput', {
  description: 'Changes to an article: only the fields given change.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The article to change.' }),
    version: t.int({ required: true, description: 'The version you read: a stale one is refused with VERSION_CONFLICT.' }),
    kind: t.field(ArticleKindInput),
    title: t.string({ description: 'Headline, 1 to 500 characters.' }),
    lead: t.string({ description: 'Standfirst, up to 2 000 characters.' }),
    body: t.string({ description: 'Full text, up to 200 000 characters.' }),
    language: t.string({ description: 'BCP 47 tag, e.g. "fr".' }),
    slug: t.string({ description: 'A new unique slug.' }),
    source: t.id({ description: 'The source a news article is republished from.' }),
    originalUrl: t.string({ description: 'Address of the original at the source.' }),
  }),
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

const linkableTypes = { Person: 'person', Organisation: 'organisation', Project: 'project', Topic: 'topic' } as const;

const linkedEntity = z.string().transform((value, ctx) => {
  try {
    const { typename, id } = decodeGlobalId(value);
    if (typename in linkableTypes) return { kind: linkableTypes[typename as keyof typeof linkableTypes], id: Number(id) };
    ctx.addIssue({ code: 'custom', message: `a ${typename} cannot be linked to an article`, params: { code: 'INVALID_ID' } });
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not a valid id', params: { code: 'INVALID_ID' } });
  }
  return z.NEVER;
});

const linkArticleInput = z
  .object({
    article: z.string().transform(globalIdOf('Article')),
    entity: linkedEntity,
    role: z.enum(['author', 'subject', 'quoted', 'mentioned']).nullish(),
    position: z.number().int().min(0).max(1000).nullish(),
  })
  .superRefine((input, ctx) => {
    if (input.entity.kind !== 'topic' && !input.role) {
      ctx.addIssue({ code: 'custom', path: ['role'], message: `linking a ${input.entity.kind} needs a role`, params: { code: 'REQUIRED' } });
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

editorMutation('createArticle', {
  description: 'Creates a draft article.',
  input: CreateArticleInput,
  payload: ArticlePayload,
  mutation: {
    action: 'article.create',
    input: createArticleInput,
    async write(db, article) {
      checkSource(article.kind, article.source ?? null);
      if (article.source != null) await mustExist(db, 'source', article.source, 'source');
      const row = await insertRow<ArticleRow>(db, 'article', articleFields, {
        kind: article.kind,
        title: article.title,
        lead: article.lead ?? null,
        body: article.body ?? null,
        language: article.language,
        slug: await chooseSlug(db, 'article', article.slug, article.title),
        source_id: article.source ?? null,
        original_url: article.originalUrl ?? null,
        status: 'draft',
      });
      return { result: row, entityType: 'article', entityId: row.id };
    },
  },
});

editorMutation('updateArticle', {
  description: 'Changes an article, if nobody changed it since you read `version`.',
  input: UpdateArticleInput,
  payload: ArticlePayload,
  mutation: {
    action: 'article.update',
    input: updateArticleInput,
    async write(db, changes) {
      const article = await currentArticle(db, changes.id);
      checkSource(changes.kind ?? article.kind, changes.source === undefined ? article.source_id : changes.source);
      if (changes.source != null) await mustExist(db, 'source', changes.source, 'source');
      const values: Record<string, unknown> = {
        ...(changes.kind != null && { kind: changes.kind }),
        ...(changes.title != null && { title: changes.title }),
        ...(changes.lead !== undefined && { lead: changes.lead }),
        ...(changes.body !== undefined && { body: changes.body }),
        ...(changes.language != null && { language: changes.language }),
        ...(changes.slug != null && { slug: await freeSlug(db, 'article', changes.slug, article.id) }),
        ...(changes.source !== undefined && { source_id: changes.source }),
        ...(changes.originalUrl !== undefined && { original_url: changes.originalUrl }),
      };
      const updated = await updateVersioned<ArticleRow>(db, 'article', articleFields, changes.id, changes.version, values);
      return { result: updatedOrRefused('article', updated), entityType: 'article', entityId: changes.id };
    },
  },
});

const statusChanges = [
  ['publishArticle', 'article.publish', 'published', 'Publishes an article: readers see it from now on.'],
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
    references: { article_id: ['article'], person_id: ['entity'], organisation_id: ['entity'], project_id: ['entity'], topic_id: ['entity'] },
    async write(db, link) {
      await currentArticle(db, link.article);
      await mustExist(db, link.entity.kind, link.entity.id, 'entity');
      const role = link.entity.kind === 'topic' ? null : link.role!;
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
