import type { Context } from '../context.js';
import { nullIfNotFound } from '../errors.js';
import { findArticleBySlug } from '../repositories/article.js';
import { findOrganisationBySlug } from '../repositories/organisation.js';
import { findPersonBySlug } from '../repositories/person.js';
import { findProjectBySlug } from '../repositories/project.js';
import { findIdByFormerSlug } from '../repositories/slug-history.js';
import { findSourceBySlug } from '../repositories/source.js';
import { findTopicBySlug } from '../repositories/topic.js';
import { pageOfAddress, pagePath, pageUrl, type PageKind } from '../site.js';
import { builder } from './builder.js';
import { Article, Organisation, Person, Project, Source, Topic } from './refs.js';

// The site's addresses: `url` and `path` on every object that has a page (src/site.ts names the
// paths), and `route(path:)`, which tells a front end what an address of the site shows: an
// object, or a permanent redirect when the address holds a slug the object had before.

interface Page<Row> {
  ref: { getDataloader(context: Context): { load(id: number): Promise<Row> } };
  bySlug(context: Context, slug: string): Promise<Row | null>;
}

type RoutedRow = { slug: string };

const pages = {
  article: { ref: Article, bySlug: (context, slug) => findArticleBySlug(context.db, slug, context.audience) },
  source: { ref: Source, bySlug: (context, slug) => findSourceBySlug(context.db, slug) },
  person: { ref: Person, bySlug: (context, slug) => findPersonBySlug(context.db, slug) },
  organisation: { ref: Organisation, bySlug: (context, slug) => findOrganisationBySlug(context.db, slug) },
  project: { ref: Project, bySlug: (context, slug) => findProjectBySlug(context.db, slug) },
  topic: { ref: Topic, bySlug: (context, slug) => findTopicBySlug(context.db, slug) },
} satisfies Record<PageKind, Page<RoutedRow>>;

const typenames = {
  article: 'Article',
  source: 'Source',
  person: 'Person',
  organisation: 'Organisation',
  project: 'Project',
  topic: 'Topic',
} as const satisfies Record<PageKind, string>;

for (const [kind, page] of Object.entries(pages) as Array<[PageKind, (typeof pages)[PageKind]]>) {
  builder.objectFields(page.ref as typeof Article, (t) => ({
    url: t.string({
      description: `The canonical, absolute URL of its page on the site: SITE_BASE_URL${pagePath(kind, '<slug>')}.`,
      resolve: (row, _args, context) => pageUrl(context.site, kind, row.slug),
    }),
    path: t.string({
      description: `The path of its page on the site: ${pagePath(kind, '<slug>')}.`,
      resolve: (row) => pagePath(kind, row.slug),
    }),
  }));
}

interface RedirectShape {
  location: string;
  permanent: boolean;
}

const Redirect = builder.objectRef<RedirectShape>('Redirect').implement({
  description: 'An address that moved: send the client to `location` (HTTP 301 when permanent, else 302).',
  fields: (t) => ({
    location: t.exposeString('location', { description: 'The canonical, absolute URL to go to.' }),
    permanent: t.exposeBoolean('permanent', { description: 'True when the old address will never come back (a renamed slug).' }),
  }),
});

const routedAs = Symbol('routedAs');
type Routed = RoutedRow & { [routedAs]: string };

const RouteTarget = builder.unionType('RouteTarget', {
  description:
    'What an address of the site shows: an article, source, person, organisation, project or topic page, ' +
    'or a Redirect when the address holds a slug the object had before.',
  types: [Article, Source, Person, Organisation, Project, Topic, Redirect],
  resolveType: (target): string => (routedAs in target ? (target as unknown as Routed)[routedAs] : 'Redirect'),
});

/** What `address` shows now: its object, a redirect to the object's current page, or null. */
async function route(context: Context, address: string): Promise<Routed | RedirectShape | null> {
  const found = pageOfAddress(context.site, address);
  if (!found) return null;
  const page: Page<RoutedRow> = pages[found.kind];
  const row = await page.bySlug(context, found.slug);
  if (row) return Object.assign(row, { [routedAs]: typenames[found.kind] });
  const formerId = await findIdByFormerSlug(context.db, found.kind, found.slug);
  // The object must be one the reader may see: a draft's new address is not given away.
  const moved = formerId === null ? null : await nullIfNotFound(page.ref.getDataloader(context).load(formerId));
  return moved && { location: pageUrl(context.site, found.kind, moved.slug), permanent: true };
}

builder.queryField('route', (t) =>
  t.field({
    type: RouteTarget,
    nullable: true,
    description:
      'What an address of the site shows, for a front end serving it: the object of `/articles/<slug>`, ' +
      '`/sources/<slug>`, `/people/<slug>`, `/organisations/<slug>`, `/projects/<slug>` or `/topics/<slug>`, or a ' +
      'permanent Redirect to its current URL when the slug is one it had before. Null when the address shows nothing ' +
      '(another site, another page, no such object, or an article readers may not see).',
    args: { path: t.arg.string({ required: true, description: 'A path of the site ("/articles/x") or an absolute URL of the site.' }) },
    // The rows are those of the member types; `pages` only needs their slug to be typed.
    resolve: (_root, args, context) => route(context, args.path) as Promise<(typeof RouteTarget)['$inferType'] | null>,
  }),
);
