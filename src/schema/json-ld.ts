import type { Context } from '../context.js';
import type { ArticleRow } from '../repositories/article.js';
import { findEntitiesOfArticles, type LinkedEntity } from '../repositories/linked-entities.js';
import { articleUrl, type Site } from '../site.js';
import { builder } from './builder.js';
import type { ImageRow } from '../repositories/image.js';
import { Article, Image, Source } from './refs.js';

// An article's schema.org NewsArticle: as a JSON object (`jsonLd`), and as JSON-LD text ready for
// a <script type="application/ld+json"> element (`jsonLdText`, kept for the clients that used
// the text form).

const schemaTypes = { person: 'Person', organisation: 'Organization', project: 'Project' } as const;

type Thing = Record<string, string>;

function thing(entity: LinkedEntity & { kind: keyof typeof schemaTypes }): Thing {
  return {
    '@type': schemaTypes[entity.kind],
    name: entity.name,
    ...(entity.website ? { url: entity.website } : {}),
  };
}

const isThing = (entity: LinkedEntity): entity is LinkedEntity & { kind: keyof typeof schemaTypes } =>
  entity.kind in schemaTypes;

const iso = (value: Date | string) => new Date(value).toISOString();

/** The pictures an article's metadata names: its lead image, its source's logo. */
export interface ArticleImages { lead: ImageRow | null; sourceLogo: ImageRow | null }

const imageObject = (url: string, image?: ImageRow) => ({ '@type': 'ImageObject', url, ...(image && { width: image.width, height: image.height }) });

/** The NewsArticle of an article: authors, what it is about (subjects), what it mentions (the rest). */
export function newsArticle(site: Site, article: ArticleRow, entities: readonly LinkedEntity[], images: ArticleImages): Record<string, unknown> {
  const source = entities.find((entity) => entity.kind === 'source');
  const things = entities.filter(isThing);
  const withRole = (roles: ReadonlyArray<string | null>) => things.filter((entity) => roles.includes(entity.role)).map(thing);
  const about = withRole(['subject']);
  const mentions = withRole(['quoted', 'mentioned']);
  const authors = withRole(['author']);
  const keywords = entities.filter((entity) => entity.kind === 'topic').map((topic) => topic.name);
  const url = articleUrl(site, article.slug);
  const publisher = { '@type': 'Organization', name: site.name, url: site.baseUrl, ...(site.logoUrl && { logo: imageObject(site.logoUrl) }) };
  // Every article has an author: its people (or organisations) with the author role, else the
  // source it is republished from, else the site itself (an expert article nobody signed).
  const author = authors.length ? authors : source ? [thing({ ...source, kind: 'organisation' })] : [publisher];
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    '@id': url,
    url,
    mainEntityOfPage: url,
    headline: article.title,
    ...(article.lead ? { description: article.lead } : {}),
    inLanguage: article.language,
    ...(article.published_at ? { datePublished: iso(article.published_at) } : {}),
    dateModified: iso(article.updated_at),
    ...(images.lead ? { image: imageObject(images.lead.source_url, images.lead) } : {}),
    publisher,
    author,
    ...(article.original_url ? { isBasedOn: article.original_url } : {}),
    ...(source ? { sourceOrganization: { ...thing({ ...source, kind: 'organisation' }), ...(images.sourceLogo && { logo: imageObject(images.sourceLogo.source_url, images.sourceLogo) }) } } : {}),
    ...(about.length ? { about } : {}),
    ...(mentions.length ? { mentions } : {}),
    ...(keywords.length ? { keywords } : {}),
  };
}

/** JSON text safe inside a <script> element: "<", ">" and "&" are written as \u escapes. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function entitiesLoader(context: Context) {
  return context.loader('Article.jsonLd', async (ids) => {
    const entities = await findEntitiesOfArticles(context.db, ids);
    return ids.map((id) => entities.get(id) ?? []);
  });
}

/** The lead image and the source's logo, each loaded with those of the other articles of the page. */
async function imagesOf(context: Context, article: ArticleRow): Promise<ArticleImages> {
  const image = (id: number | null | undefined) => (id == null ? null : Image.getDataloader(context).load(id));
  const [lead, source] = await Promise.all([image(article.lead_image_id), article.source_id === null ? null : Source.getDataloader(context).load(article.source_id)]);
  return { lead, sourceLogo: await image(source?.logo_id) };
}

const description =
  'schema.org NewsArticle metadata: headline, description, dates, language, url (our canonical URL), publisher (our ' +
  'site), author (its authors, else the source it is republished from, else our site), isBasedOn (the original at the ' +
  'source) and sourceOrganization with its logo, image (the lead image), the publisher\'s logo (SITE_LOGO_URL), about ' +
  '(people, organisations and projects it is about), mentions (those it quotes or mentions), keywords (its topics). ' +
  'Loaded for a whole page at once: one statement for the entities, and the images with the other images of the page.';

const metadataOf = async (article: ArticleRow, context: Context) =>
  newsArticle(context.site, article, await entitiesLoader(context).load(article.id), await imagesOf(context, article));

builder.objectFields(Article, (t) => ({
  jsonLd: t.field({
    type: 'JSONObject',
    description: `${description} As an object: write it into a <script type="application/ld+json"> element with "<" escaped.`,
    resolve: (article, _args, context) => metadataOf(article, context),
  }),
  jsonLdText: t.string({
    description: `${description} As JSON text safe to put as it is in a <script type="application/ld+json"> element.`,
    deprecationReason: 'Use `jsonLd`, the same metadata as a JSON object.',
    resolve: async (article, _args, context) => scriptSafeJson(await metadataOf(article, context)),
  }),
}));
