import type { ImageProxy } from './images/image-proxy.js';
import type { TableWith } from './model/entities.js';

// The public site this gateway serves, as partners and search engines see it: its address
// (SITE_BASE_URL) and name (SITE_NAME), read from the configuration and handed to resolvers
// through the context; and the paths of its pages, one per slugged object, kept here only.

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

/** The objects that have a page on the site: those found by slug, but images, shown inside pages. */
export type PageKind = Exclude<TableWith<'slug'>, 'image'>;

/** The folder of each kind of page: `/<folder>/<slug>`. */
export const pageFolders = {
  article: 'articles',
  source: 'sources',
  person: 'people',
  organisation: 'organisations',
  project: 'projects',
  topic: 'topics',
} as const satisfies Record<PageKind, string>;

/** The path of an object's page: `/articles/<slug>`. */
export function pagePath(kind: PageKind, slug: string): string {
  return `/${pageFolders[kind]}/${slug}`;
}

/** The canonical, absolute URL of an object's page: `<SITE_BASE_URL>/articles/<slug>`. */
export function pageUrl(site: Site, kind: PageKind, slug: string): string {
  return `${site.baseUrl}${pagePath(kind, slug)}`;
}

/** The canonical URL of an article: `<SITE_BASE_URL>/articles/<slug>`. */
export const articleUrl = (site: Site, slug: string) => pageUrl(site, 'article', slug);

const kindOfFolder = new Map<string, PageKind>(Object.entries(pageFolders).map(([kind, folder]) => [folder, kind as PageKind]));

const pagePattern = /^\/([a-z]+)\/([a-z0-9]+(?:-[a-z0-9]+)*)\/?$/;

const bareHost = (host: string) => host.replace(/^www\./, '');

/**
 * The page a URL of the site names, or null when it names none (another site, another page).
 * http or https, with or without "www.", query and fragment ignored.
 */
export function pageOfUrl(site: Site, url: URL): { kind: PageKind; slug: string } | null {
  if (bareHost(url.hostname) !== bareHost(new URL(site.baseUrl).hostname)) return null;
  const [, folder, slug] = pagePattern.exec(url.pathname) ?? [];
  const kind = folder === undefined ? undefined : kindOfFolder.get(folder);
  return kind && slug ? { kind, slug } : null;
}

/** `pageOfUrl` for a path of the site ("/articles/x") or an absolute URL; null for anything else. */
export function pageOfAddress(site: Site, address: string): { kind: PageKind; slug: string } | null {
  let url: URL;
  try {
    url = new URL(address, `${site.baseUrl}/`);
  } catch {
    return null;
  }
  return pageOfUrl(site, url);
}

/** The slug in one of our canonical article URLs, or null when the URL is not one. */
export function slugOfArticleUrl(site: Site, url: URL): string | null {
  const page = pageOfUrl(site, url);
  return page?.kind === 'article' ? page.slug : null;
}
