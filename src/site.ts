import type { ImageProxy } from './images/image-proxy.js';

// The public site this gateway serves, as partners and search engines see it: its address
// (SITE_BASE_URL) and name (SITE_NAME), read from the configuration and handed to resolvers
// through the context.

export interface Site {
  /** Origin of the public site, without a trailing slash. */
  baseUrl: string;
  /** The site's name, as the publisher of its pages. */
  name: string;
  /** The publisher's logo in the JSON-LD (SITE_LOGO_URL); null when unset. */
  logoUrl: string | null;
  /** Where image renditions are made (IMAGE_PROXY_*); null: renditions are the originals. */
  imageProxy: ImageProxy | null;
}

/** The canonical URL of an article: `<SITE_BASE_URL>/articles/<slug>`. */
export function articleUrl(site: Site, slug: string): string {
  return `${site.baseUrl}/articles/${slug}`;
}

const articlePath = /^\/articles\/([a-z0-9]+(?:-[a-z0-9]+)*)\/?$/;

/**
 * The slug in one of our canonical article URLs, or null when the URL is not one (another
 * site, another page). http or https, with or without "www.", query and fragment ignored.
 */
export function slugOfArticleUrl(site: Site, url: URL): string | null {
  const bareHost = (host: string) => host.replace(/^www\./, '');
  if (bareHost(url.hostname) !== bareHost(new URL(site.baseUrl).hostname)) return null;
  return articlePath.exec(url.pathname)?.[1] ?? null;
}
