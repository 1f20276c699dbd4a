// The public site this gateway serves, as partners and search engines see it. A constant for
// now: the config (config.ts) does not reach the schema. When it does, SITE_BASE_URL and
// SITE_NAME become settings and these functions take them as arguments.

/** Origin of the public site, without a trailing slash. */
export const SITE_BASE_URL = 'https://www.example.fr';

/** The site's name, as the publisher of its pages. */
export const SITE_NAME = 'Content gateway demo site';

/** The canonical URL of an article: `${SITE_BASE_URL}/articles/<slug>`. */
export function articleUrl(slug: string): string {
  return `${SITE_BASE_URL}/articles/${slug}`;
}

const articlePath = /^\/articles\/([a-z0-9]+(?:-[a-z0-9]+)*)\/?$/;

/**
 * The slug in one of our canonical article URLs, or null when the URL is not one (another
 * site, another page). http or https, with or without "www.", query and fragment ignored.
 */
export function slugOfArticleUrl(url: URL): string | null {
  const ours = new URL(SITE_BASE_URL);
  const bareHost = (host: string) => host.replace(/^www\./, '');
  if (bareHost(url.hostname) !== bareHost(ours.hostname)) return null;
  return articlePath.exec(url.pathname)?.[1] ?? null;
}
