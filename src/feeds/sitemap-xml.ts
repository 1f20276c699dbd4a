// Sitemaps (sitemaps.org 0.9) and Google News sitemaps: a few elements each, written here
// rather than through a streaming library; every text goes through `escapeXml`.

const XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function escapeXml(text: string): string {
  // Control characters have no place in XML 1.0, even escaped.
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '').replace(/[<>&'"]/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[char]!);
}

/** A sitemap never lists more URLs than this (sitemaps.org); past it, an index of pages. */
export const SITEMAP_MAX_URLS = 50_000;

export function urlSetXml(urls: Array<{ loc: string; lastmod: Date }>): string {
  const entries = urls.map((url) => `  <url><loc>${escapeXml(url.loc)}</loc><lastmod>${url.lastmod.toISOString()}</lastmod></url>\n`);
  return `${XML_HEADER}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join('')}</urlset>\n`;
}

export function sitemapIndexXml(sitemaps: string[]): string {
  const entries = sitemaps.map((loc) => `  <sitemap><loc>${escapeXml(loc)}</loc></sitemap>\n`);
  return `${XML_HEADER}<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join('')}</sitemapindex>\n`;
}

export interface NewsEntry {
  loc: string;
  title: string;
  language: string;
  publishedAt: Date;
}

/** Google News: the articles of the last two days, with the publication's name and language. */
export function newsSitemapXml(publication: string, entries: NewsEntry[]): string {
  const items = entries.map(
    (entry) =>
      `  <url><loc>${escapeXml(entry.loc)}</loc><news:news><news:publication><news:name>${escapeXml(publication)}</news:name>` +
      `<news:language>${escapeXml(entry.language.split('-')[0]!)}</news:language></news:publication>` +
      `<news:publication_date>${entry.publishedAt.toISOString()}</news:publication_date><news:title>${escapeXml(entry.title)}</news:title></news:news></url>\n`,
  );
  return (
    `${XML_HEADER}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n` +
    `${items.join('')}</urlset>\n`
  );
}
