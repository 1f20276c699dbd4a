import { Feed } from 'feed';
import type { Site } from '../site.js';
import { articleUrl } from '../site.js';
import type { FeedArticle } from '../repositories/feed.js';

// RSS 2.0 and Atom 1.0 documents of a list of articles, written by the `feed` package.

export type FeedFormat = 'rss' | 'atom';

export interface FeedDocument {
  title: string;
  description: string;
  /** This feed's own address, in each format (Atom's rel="self"). */
  links: Record<FeedFormat, string>;
  articles: FeedArticle[];
}

export function feedXml(site: Site, format: FeedFormat, document: FeedDocument): string {
  const feed = new Feed({
    id: document.links.atom,
    title: document.title,
    description: document.description,
    link: site.baseUrl,
    language: document.articles[0]?.language ?? 'fr',
    // The newest change among its articles, so that an unchanged feed is byte for byte the same.
    updated: document.articles.reduce<Date>((latest, article) => (article.updated_at > latest ? article.updated_at : latest), new Date(0)),
    generator: 'content gateway',
    feedLinks: document.links,
    copyright: site.name,
    author: { name: site.name, link: site.baseUrl },
  });
  for (const article of document.articles) {
    const link = articleUrl(site, article.slug);
    feed.addItem({
      title: article.title,
      id: link,
      link,
      description: article.lead ?? undefined,
      date: article.updated_at,
      published: article.published_at,
      ...(article.source_name ? { author: [{ name: article.source_name }] } : {}),
    });
  }
  return format === 'rss' ? feed.rss2() : feed.atom1();
}
