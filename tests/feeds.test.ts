import { XMLParser, XMLValidator } from 'fast-xml-parser';
import pino from 'pino';
import { createGateway, type Gateway } from '../src/yoga.js';
import { describe, expect, test, testSettings, type TestGateway } from './support/gateway.js';
import { send } from './support/http.js';

// Feeds and sitemaps through the real app (yoga.fetch): valid XML, published content only,
// kept until content changes, conditional requests.

const SEED_SLUG = 'ia-mega-data-center-valence-sesterce';
const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['item', 'entry', 'url', 'sitemap'].includes(name) });

function feedsGateway(seeded: TestGateway): Gateway {
  return createGateway({
    database: seeded.database,
    logger: pino({ level: 'silent' }),
    settings: testSettings({ RESPONSE_CACHE: 'true' }),
    feeds: { feedSize: 10, sitemapPageSize: 2 },
  });
}

async function get(yoga: Gateway, path: string, headers: Record<string, string> = {}) {
  const response = await yoga.fetch(`http://gateway${path}`, { headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text };
}

function parseXml(text: string) {
  expect(XMLValidator.validate(text)).toBe(true);
  return parser.parse(text);
}

const rssLinks = (text: string): string[] => (parseXml(text).rss.channel.item ?? []).map((item: { link: string }) => item.link);
const urls = (text: string): string[] => (parseXml(text).urlset.url ?? []).map((url: { loc: string }) => url.loc);
const articleUrl = (slug: string) => `https://www.example.fr/articles/${slug}`;

/** Creates and publishes an expert article as an editor, at `publishedAt` (default now). */
async function publishNewArticle(gateway: TestGateway, key: string, input: { title: string; publishedAt?: string }) {
  const created = await gateway.execute(
    /* GraphQL */ `mutation ($input: CreateArticleInput!) { createArticle(input: $input) { article { id version } } }`,
    { input: { kind: 'EXPERT', language: 'fr', title: input.title } },
    { key },
  );
  const { id, version } = created.body.data.createArticle.article;
  const published = await gateway.execute(
    /* GraphQL */ `mutation ($input: ArticleStatusInput!) { publishArticle(input: $input) { article { slug } errors { code } } }`,
    { input: { id, version, publishedAt: input.publishedAt } },
    { key },
  );
  expect(published.body.data.publishArticle.errors).toEqual([]);
  return published.body.data.publishArticle.article as { slug: string };
}

/** Every URL of the sitemap, through its index when it has one. */
async function sitemapUrls(yoga: Gateway): Promise<{ pages: string[]; urls: string[] }> {
  const document = parseXml((await get(yoga, '/sitemap.xml')).text);
  if (document.urlset) return { pages: [], urls: document.urlset.url.map((url: { loc: string }) => url.loc) };
  const pages: string[] = document.sitemapindex.sitemap.map((sitemap: { loc: string }) => sitemap.loc);
  const replies = await Promise.all(pages.map((loc) => get(yoga, new URL(loc).pathname)));
  return { pages, urls: replies.flatMap((reply) => urls(reply.text)) };
}

describe('feeds and sitemaps', () => {
  test('RSS and Atom of the newest articles: valid XML, published ones only, newest first', async ({ seeded }) => {
    const yoga = feedsGateway(seeded);
    const key = await seeded.createKey(['editor']);
    const before = rssLinks((await get(yoga, '/feeds/articles.rss')).text);
    expect(before).toContain(articleUrl(SEED_SLUG));
    const fresh = await publishNewArticle(seeded, key, { title: 'Un article tout neuf & <brûlant>' });
    await seeded.execute(`mutation { createArticle(input: { kind: EXPERT, title: "Brouillon secret", language: "fr" }) { errors { code } } }`, {}, { key });
    await publishNewArticle(seeded, key, { title: 'Pas encore', publishedAt: new Date(Date.now() + 86_400_000).toISOString() });

    const rss = await get(yoga, '/feeds/articles.rss');
    expect(rss.status).toBe(200);
    expect(rss.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const channel = parseXml(rss.text).rss.channel;
    expect(channel.item[0].title).toBe('Un article tout neuf & <brûlant>');
    expect(rssLinks(rss.text)).toEqual([articleUrl(fresh.slug), ...before]);
    expect(rss.text).not.toContain('Brouillon secret');
    expect(rss.text).not.toContain('Pas encore');

    const atom = await get(yoga, '/feeds/articles.atom');
    expect(atom.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const entries = parseXml(atom.text).feed.entry;
    expect(entries.map((entry: { id: string }) => entry.id)).toEqual([articleUrl(fresh.slug), ...before]);
    await yoga.dispose();
  });

  test("an entity's feed lists its articles; an unknown slug or path is a 404", async ({ seeded }) => {
    const yoga = feedsGateway(seeded);
    const { body } = await seeded.execute(/* GraphQL */ `{
      article(slug: "${SEED_SLUG}") {
        topics(first: 1) { edges { node { slug articles(first: 50) { edges { node { slug } } } } } }
        source { slug articles(first: 50) { edges { node { slug } } } }
      }
    }`);
    const slugs = (connection: { edges: Array<{ node: { slug: string } }> }) => connection.edges.map((edge) => articleUrl(edge.node.slug));
    const topic = body.data.article.topics.edges[0].node;
    const topicFeed = await get(yoga, `/feeds/topic/${topic.slug}.rss`);
    expect(topicFeed.status).toBe(200);
    expect(rssLinks(topicFeed.text)).toEqual(slugs(topic.articles));
    expect(rssLinks(topicFeed.text)).toContain(articleUrl(SEED_SLUG));
    const source = body.data.article.source;
    const sourceFeed = await get(yoga, `/feeds/source/${source.slug}.atom`);
    expect(parseXml(sourceFeed.text).feed.entry.map((entry: { id: string }) => entry.id)).toEqual(slugs(source.articles));
    expect((await get(yoga, '/feeds/topic/nothing-has-this-slug.rss')).status).toBe(404);
    expect((await get(yoga, '/feeds/weather/paris.rss')).status).toBe(404);
    await yoga.dispose();
  });

  test('sitemap.xml lists published articles, and becomes an index of pages past the page size', async ({ seeded }) => {
    const yoga = feedsGateway(seeded);
    const key = await seeded.createKey(['editor']);
    const first = await get(yoga, '/sitemap.xml');
    expect(first.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const before = await sitemapUrls(yoga);
    expect(before.urls).toContain(articleUrl(SEED_SLUG));
    for (let index = 0; index < 3; index++) await publishNewArticle(seeded, key, { title: `Pour le plan du site ${index}` });
    const after = await sitemapUrls(yoga);
    // sitemapPageSize is 2 here.
    expect(after.pages).toHaveLength(Math.ceil(after.urls.length / 2));
    expect(new Set(after.urls).size).toBe(after.urls.length);
    expect(after.urls).toHaveLength(before.urls.length + 3);
    const index = after.pages;
    expect((await get(yoga, `/sitemaps/articles-${index.length + 1}.xml`)).status).toBe(404);
    await yoga.dispose();
  });

  test('the Google News sitemap holds the articles of the last two days', async ({ seeded }) => {
    const yoga = feedsGateway(seeded);
    const key = await seeded.createKey(['editor']);
    const recent = await publishNewArticle(seeded, key, { title: "L'actualité du jour" });
    const old = await publishNewArticle(seeded, key, { title: 'De la semaine dernière', publishedAt: new Date(Date.now() - 7 * 86_400_000).toISOString() });
    const news = parseXml((await get(yoga, '/sitemap-news.xml')).text).urlset.url;
    const locs = news.map((url: { loc: string }) => url.loc);
    expect(locs).toContain(articleUrl(recent.slug));
    expect(locs).not.toContain(articleUrl(old.slug));
    const entry = news.find((url: { loc: string }) => url.loc === articleUrl(recent.slug));
    expect(entry['news:news']['news:title']).toBe("L'actualité du jour");
    expect(entry['news:news']['news:publication']['news:language']).toBe('fr');
    await yoga.dispose();
  });

  test('a quoted ETag, Last-Modified and 304s; a content change gives a new document at once', async ({ seeded }) => {
    const yoga = feedsGateway(seeded);
    const key = await seeded.createKey(['editor']);
    const first = await get(yoga, '/feeds/articles.rss');
    const tag = first.headers.get('etag')!;
    expect(tag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(first.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    expect(first.headers.get('surrogate-key')!.split(' ')).toContain('articles');
    const lastModified = first.headers.get('last-modified')!;
    expect(new Date(lastModified).toUTCString()).toBe(lastModified);

    const again = await get(yoga, '/feeds/articles.rss');
    expect(again.text).toBe(first.text);
    expect((await get(yoga, '/feeds/articles.rss', { 'if-none-match': tag })).status).toBe(304);
    expect((await get(yoga, '/feeds/articles.rss', { 'if-modified-since': lastModified })).status).toBe(304);
    expect((await get(yoga, '/feeds/articles.rss', { 'if-none-match': '"another"' })).status).toBe(200);

    const added = await publishNewArticle(seeded, key, { title: 'Ça vient de sortir' });
    const changed = await get(yoga, '/feeds/articles.rss', { 'if-none-match': tag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(tag);
    expect(rssLinks(changed.text)[0]).toBe(articleUrl(added.slug));
    await yoga.dispose();
  });

  test('every response with an ETag has it quoted (RFC 9110): GraphQL answers, hits and feeds', async ({ seeded }) => {
    const yoga = feedsGateway(seeded);
    const query = encodeURIComponent(`{ article(slug: "${SEED_SLUG}") { id title } }`);
    for (const path of [`/graphql?query=${query}`, `/graphql?query=${query}`, '/feeds/articles.atom', '/sitemap.xml', '/sitemap-news.xml']) {
      const reply = await send(yoga, { path, headers: { accept: 'application/json' } });
      expect(reply.headers.get('etag'), path).toMatch(/^"[^"]+"$/);
    }
    await yoga.dispose();
  });
});
