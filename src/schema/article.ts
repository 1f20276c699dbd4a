import type { Context } from '../context.js';
import {
  articleOrder,
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
import { parseRowId, rowIdOf } from './global-id.js';
import { loadNestedConnections } from './nested-connection.js';
import { ArticleOrganisationConnection } from './organisation.js';
import { toConnection, toKeysetPage } from './pagination.js';
import { ArticlePersonConnection } from './person.js';
import { ArticleProjectConnection } from './project.js';
import { Source } from './source.js';
import { ArticleLinkRole } from './roles.js';
import { SortDirection, lookupArgs, oneLookup } from './shared.js';
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
    people: t.loadable({
      type: ArticlePersonConnection,
      byPath: true,
      description: 'People it involves, in editorial order; each edge says their role.',
      args: t.arg.connectionArgs(),
      load: loadNestedConnections({
        name: 'Article.people',
        order: 'POSITION',
        pages: (context, ids, page) => findPersonPagesByArticleIds(context.db, ids, page),
        counts: (context, ids) => countPeopleByArticleIds(context.db, ids),
        edge: (row, cursor) => ({ cursor, node: row, role: row.role }),
      }),
      resolve: (article) => article.id,
    }),
    organisations: t.loadable({
      type: ArticleOrganisationConnection,
      byPath: true,
      description: 'Organisations it involves, in editorial order; each edge says their role.',
      args: t.arg.connectionArgs(),
      load: loadNestedConnections({
        name: 'Article.organisations',
        order: 'POSITION',
        pages: (context, ids, page) => findOrganisationPagesByArticleIds(context.db, ids, page),
        counts: (context, ids) => countOrganisationsByArticleIds(context.db, ids),
        edge: (row, cursor) => ({ cursor, node: row, role: row.role }),
      }),
      resolve: (article) => article.id,
    }),
    projects: t.loadable({
      type: ArticleProjectConnection,
      byPath: true,
      description: 'Projects it is about or mentions; each edge says which.',
      args: t.arg.connectionArgs(),
      load: loadNestedConnections({
        name: 'Article.projects',
        order: 'POSITION',
        pages: (context, ids, page) => findProjectPagesByArticleIds(context.db, ids, page),
        counts: (context, ids) => countProjectsByArticleIds(context.db, ids),
        edge: (row, cursor) => ({ cursor, node: row, role: row.role }),
      }),
      resolve: (article) => article.id,
    }),
    topics: t.loadable({
      type: ArticleTopicConnection,
      byPath: true,
      description: 'Topics it is filed under, in editorial order.',
      args: t.arg.connectionArgs(),
      load: loadNestedConnections({
        name: 'Article.topics',
        order: 'POSITION',
        pages: (context, ids, page) => findTopicPagesByArticleIds(context.db, ids, page),
        counts: (context, ids) => countTopicsByArticleIds(context.db, ids),
      }),
      resolve: (article) => article.id,
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
  {
    name: 'LinkedArticleEdge',
    fields: (t) => ({
      role: t.field({
        type: ArticleLinkRole,
        nullable: true,
        description: 'The part the entity plays in this article.',
        resolve: (edge) => (edge as unknown as { role: LinkedArticleRow['role'] }).role,
      }),
    }),
  },
);

/** The `load` of an entity's articles (Source.articles, Person.articles...), newest first. */
export function loadArticlesOf(parent: ArticleParent, name: string) {
  return loadNestedConnections<LinkedArticleRow, { cursor: string; node: ArticleRow; role: LinkedArticleRow['role'] }>({
    name,
    order: 'LISTED_AT_DESC',
    pages: (context, ids, page) => findArticlePagesByParentIds(context.db, parent, ids, page, context.audience),
    counts: (context, ids) => countArticlesByParentIds(context.db, parent, ids, context.audience),
    edge: (row, cursor) => ({ cursor, node: row, role: row.role }),
  });
}

const ArticleFilter = builder.inputType('ArticleFilter', {
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

function toFilterValues(filter: typeof ArticleFilter.$inferInput | null | undefined): ArticleFilterValues {
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
    resolve: async (_root, args, context) => {
      const field: ArticleSortField = args.orderBy?.field ?? 'listed_at';
      const direction = args.orderBy?.direction ?? 'desc';
      const orderName = `${field}_${direction}`.toUpperCase();
      const filter = toFilterValues(args.filter);
      const page = await findArticles(
        context.db,
        filter,
        articleOrder(field, direction),
        toKeysetPage(args, orderName),
        context.audience,
      );
      return toConnection(page, orderName, () => countArticles(context.db, filter, context.audience));
    },
  }),
}));
