import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import { entities } from '../model/entities.js';
import { objectKey, typeKey } from '../plugins/surrogate-key-names.js';
import type { SurrogateKeys } from '../plugins/surrogate-keys.js';
import { feedParents, findFeedArticles, findFeedParent, findSitemapArticles, sitemapPageStarts, type FeedParentTable } from '../repositories/feed.js';
import { articleUrl, type Site } from '../site.js';
import { feedXml, type FeedFormat } from './feed-xml.js';
import { newsSitemapXml, sitemapIndexXml, SITEMAP_MAX_URLS, urlSetXml } from './sitemap-xml.js';

// The documents served next to /graphql, by path:
//   /feeds/articles.rss, /feeds/articles.atom                 the newest articles
//   /feeds/<topic|source|person|organisation|project>/<slug>.rss (or .atom)   those of one entity
//   /sitemap.xml          every published article; an index of /sitemaps/articles-<n>.xml past 50 000
//   /sitemap-news.xml     Google News: the articles of the last two days
// Only published articles whose publication time has come; everything else is a 404.

export interface FeedOptions {
  /** Items in a feed. */
  feedSize: number;
  /** URLs in a sitemap page (sitemaps.org allows 50 000). */
  sitemapPageSize: number;
}

export const defaultFeedOptions: FeedOptions = { feedSize: 50, sitemapPageSize: SITEMAP_MAX_URLS };

export interface XmlDocument {
  body: string;
  contentType: string;
  /** The newest change among what it lists; null when it lists nothing. */
  lastModified: Date | null;
  keys: SurrogateKeys;
}

type Route =
  | { kind: 'feed'; format: FeedFormat; parent: { table: FeedParentTable; slug: string } | null }
  | { kind: 'sitemap' }
  | { kind: 'sitemap-page'; page: number }
  | { kind: 'news' };

const parentPattern = Object.keys(feedParents).join('|');
const feedPath = new RegExp(`^/feeds/(?:articles|(${parentPattern})/([a-z0-9]+(?:-[a-z0-9]+)*))\\.(rss|atom)$`);

/** The document a path names, or null when it names none of ours. */
export function routeOf(pathname: string): Route | null {
  const feed = feedPath.exec(pathname);
  if (feed) {
    const [, table, slug, format] = feed;
    return { kind: 'feed', format: format as FeedFormat, parent: table ? { table: table as FeedParentTable, slug: slug! } : null };
  }
  if (pathname === '/sitemap.xml') return { kind: 'sitemap' };
  if (pathname === '/sitemap-news.xml') return { kind: 'news' };
  const page = /^\/sitemaps\/articles-([1-9][0-9]{0,5})\.xml$/.exec(pathname);
  return page ? { kind: 'sitemap-page', page: Number(page[1]) } : null;
}

const contentTypes = { rss: 'application/rss+xml; charset=utf-8', atom: 'application/atom+xml; charset=utf-8', xml: 'application/xml; charset=utf-8' };

const newest = (dates: Date[]) => (dates.length ? new Date(Math.max(...dates.map((date) => date.getTime()))) : null);

function keysOf(articleIds: number[], parent: { typename: string; id: number } | null): SurrogateKeys {
  const articleType = entities.article.graphqlType;
  const keys: SurrogateKeys = { objects: new Set(articleIds.map((id) => objectKey(articleType, id))), types: new Set([typeKey(articleType)]), lists: new Set([typeKey(articleType)]) };
  if (parent) {
    keys.objects.add(objectKey(parent.typename, parent.id));
    keys.types.add(typeKey(parent.typename));
  }
  return keys;
}

/** Builds the document of a route; null when it names nothing published (an unknown slug, a page past the last). */
export async function buildDocument(db: Kysely<Database>, site: Site, origin: string, route: Route, options: FeedOptions): Promise<XmlDocument | null> {
  switch (route.kind) {
    case 'feed': {
      const parent = route.parent ? await findFeedParent(db, route.parent.table, route.parent.slug) : null;
      if (route.parent && !parent) return null;
      const filter = route.parent && parent ? { [feedParents[route.parent.table]]: [parent.id] } : {};
      const articles = await findFeedArticles(db, filter, options.feedSize);
      const path = route.parent ? `/feeds/${route.parent.table}/${route.parent.slug}` : '/feeds/articles';
      const body = feedXml(site, route.format, {
        title: parent ? `${site.name}: ${parent.name}` : site.name,
        description: parent ? `The newest articles about ${parent.name} on ${site.name}.` : `The newest articles on ${site.name}.`,
        links: { rss: `${origin}${path}.rss`, atom: `${origin}${path}.atom` },
        articles,
      });
      const parentKey = route.parent && parent ? { typename: entities[route.parent.table].graphqlType, id: parent.id } : null;
      return { body, contentType: contentTypes[route.format], lastModified: newest(articles.map((article) => article.updated_at)), keys: keysOf(articles.map((article) => article.id), parentKey) };
    }
    case 'sitemap':
    case 'sitemap-page': {
      const starts = await sitemapPageStarts(db, options.sitemapPageSize);
      if (route.kind === 'sitemap' && starts.length > 1) {
        const pages = starts.map((_, index) => `${origin}/sitemaps/articles-${index + 1}.xml`);
        return { body: sitemapIndexXml(pages), contentType: contentTypes.xml, lastModified: null, keys: keysOf([], null) };
      }
      const index = route.kind === 'sitemap' ? 0 : route.page - 1;
      if (route.kind === 'sitemap-page' && index >= starts.length) return null;
      const articles = await findSitemapArticles(db, starts[index] ?? 0, options.sitemapPageSize);
      const body = urlSetXml(articles.map((article) => ({ loc: articleUrl(site, article.slug), lastmod: article.updated_at })));
      return { body, contentType: contentTypes.xml, lastModified: newest(articles.map((article) => article.updated_at)), keys: keysOf(articles.map((article) => article.id), null) };
    }
    case 'news': {
      const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
      // Google News reads at most 1 000 URLs a sitemap.
      const articles = await findFeedArticles(db, { publishedAfter: twoDaysAgo }, 1_000);
      const body = newsSitemapXml(
        site.name,
        articles.map((article) => ({ loc: articleUrl(site, article.slug), title: article.title, language: article.language, publishedAt: article.published_at })),
      );
      return { body, contentType: contentTypes.xml, lastModified: newest(articles.map((article) => article.updated_at)), keys: keysOf(articles.map((article) => article.id), null) };
    }
  }
}
