import { countArticleLinks } from '../repositories/article.js';
import {
  countSources,
  deleteSource,
  findSourceBySlug,
  findSources,
  insertSource,
  updateSource,
} from '../repositories/source.js';
import { builder } from './builder.js';
import { toColumns, versionedEntityMutations } from './entity-mutations.js';
import { checkImageExists, imageIdRule } from './image-uses.js';
import { sourceRules } from '../validation/entities.js';
import { resolveArticlesOf } from './link-loads.js';
import { ArticleConnection, Source } from './refs.js';
import { lookupArgs, oneLookup, resolveByName } from './shared.js';

const SourceKind = builder.enumType('SourceKind', {
  description: 'What kind of publisher a source is.',
  values: {
    PRESS: { value: 'press', description: 'A newspaper or magazine.' },
    AGENCY: { value: 'agency', description: 'A news agency.' },
    PUBLIC_BODY: { value: 'public_body', description: 'A ministry, authority or other public body.' },
    COMPANY: { value: 'company', description: 'A company publishing its own news.' },
    BLOG: { value: 'blog', description: 'A blog or newsletter.' },
    OTHER: { value: 'other', description: 'Anything else.' },
  } as const,
});

Source.implement({
  description: 'Where a republished story comes from: a press title, an agency, a public body.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Unique, URL-safe name.' }),
    name: t.exposeString('name', { description: 'Name of the publication.' }),
    kind: t.expose('kind', { type: SourceKind, description: 'What kind of publisher it is.' }),
    homepageUrl: t.exposeString('homepage_url', { nullable: true, description: 'Its website.' }),
    feedUrl: t.exposeString('feed_url', { nullable: true, description: 'Its RSS or Atom feed.' }),
    country: t.exposeString('country', { nullable: true, description: 'ISO 3166-1 alpha-2 country code.' }),
    language: t.exposeString('language', { nullable: true, description: 'BCP 47 tag of the language it publishes in.' }),
    version: t.exposeInt('version', {
      description: 'Increases with every change: send it back with an update to detect concurrent edits.',
    }),
    isDemo: t.exposeBoolean('is_demo', { description: 'True for the demo content loaded on first start.' }),
    articles: t.field({
      type: ArticleConnection,
      description: 'Articles republished from it, newest first.',
      args: t.arg.connectionArgs(),
      resolve: resolveArticlesOf('source', 'Source.articles'),
    }),
  }),
});

const SourceConnection = builder.connectionObject({ type: Source, name: 'SourceConnection', description: 'A page of sources.' });

builder.queryFields((t) => ({
  source: t.field({
    type: Source,
    nullable: true,
    description: 'One source by slug or by id (give exactly one); null when there is none.',
    args: lookupArgs(t),
    resolve: (_root, args, context) =>
      oneLookup(context.db, args, 'Source', {
        bySlug: (slug) => findSourceBySlug(context.db, slug),
        byId: (id) => Source.getDataloader(context).load(id),
      }),
  }),
  sources: t.field({
    type: SourceConnection,
    description: 'All sources, by name.',
    args: t.arg.connectionArgs(),
    resolve: (_root, args, context) =>
      resolveByName(args, (page) => findSources(context.db, page), () => countSources(context.db)),
  }),
}));

// ——— Writing sources (editors only) ———

versionedEntityMutations({
  typename: 'Source',
  table: 'source',
  ref: Source,
  fields: { ...sourceRules, logo: imageIdRule },
  nameField: 'name',
  inputFields: (t, create) => ({
    name: t.string({ required: create, description: 'Name of the publication, 1 to 300 characters.' }),
    kind: t.field({ type: SourceKind, required: create, description: 'What kind of publisher it is.' }),
    slug: t.string({ description: 'Unique slug; made from the name when left out on creation ("Le Monde" → "le-monde").' }),
    homepageUrl: t.string({ description: 'Its website (http or https); null clears it.' }),
    feedUrl: t.string({ description: 'Its RSS or Atom feed (http or https); null clears it.' }),
    country: t.string({ description: 'ISO 3166-1 alpha-2 country code, e.g. "FR"; null clears it.' }),
    language: t.string({ description: 'BCP 47 tag of the language it publishes in, e.g. "fr"; null clears it.' }),
    logo: t.id({ description: 'Its logo: the id of an Image; null removes it.' }),
  }),
  columns: (source) =>
    toColumns(source, {
      name: 'name',
      kind: 'kind',
      homepage_url: 'homepageUrl',
      feed_url: 'feedUrl',
      country: 'country',
      language: 'language',
      logo_id: 'logo',
    }),
  check: (db, values) => checkImageExists(db, values.logo_id, 'logo'),
  insert: insertSource,
  update: updateSource,
  deletion: {
    description: 'Deletes a source for good; refused (IN_USE) while articles are republished from it.',
    remove: deleteSource,
    links: async (db, id) => ({ article: await countArticleLinks(db, 'source', id) }),
  },
  describe: { newInput: 'A new source of republished stories.' },
});
