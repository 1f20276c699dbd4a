import { afterAll, beforeAll } from 'vitest';
import { stoppedClock, systemClock, useClock } from '../src/clock.js';
import { createTestGateway, describe, expect, test, type TestGateway } from './support/gateway.js';

// Publishing: addresses and redirects from former slugs, scheduled publication on an injected
// clock, preview tokens, pending revisions, and the JSON-LD object.

const clock = stoppedClock('2030-01-01T08:00:00Z');
beforeAll(() => void useClock(clock));
afterAll(() => void useClock(systemClock));

const later = (minutes: number) => new Date(clock.now().getTime() + minutes * 60_000).toISOString();


const errors = 'errors { path message code currentVersion }';

async function mutate(gateway: TestGateway, key: string, name: string, input: Record<string, unknown>, selection: string) {
  const inputType = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
  const { body } = await gateway.execute(
    /* GraphQL */ `mutation ($input: ${inputType}!) { ${name}(input: $input) { ${selection} ${errors} } }`,
    { input },
    { key },
  );
  expect(body.errors).toBeUndefined();
  return body.data[name];
}

const articleFields = 'article { id slug version status title }';

/** A new expert article, published at `publishedAt` unless it stays a draft (null). */
async function newArticle(gateway: TestGateway, key: string, title: string, publishedAt: string | null, body = 'Texte.') {
  const created = await mutate(gateway, key, 'createArticle', { kind: 'EXPERT', title, language: 'fr', body }, articleFields);
  expect(created.errors).toEqual([]);
  if (publishedAt === null) return created.article;
  const input = { id: created.article.id, version: created.article.version, publishedAt };
  const { body: published } = await gateway.execute(
    /* GraphQL */ `mutation ($input: ArticleStatusInput!) { publishArticle(input: $input) { ${articleFields} ${errors} } }`,
    { input },
    { key },
  );
  expect(published.data.publishArticle.errors).toEqual([]);
  return published.data.publishArticle.article;
}

const route = /* GraphQL */ `query ($path: String!) {
  route(path: $path) {
    __typename
    ... on Redirect { location permanent }
    ... on Article { slug url path }
    ... on Person { slug url path }
  }
}`;

describe('addresses', () => {
  test('a renamed article keeps its old slug: article(slug:) finds it, route gives a permanent redirect', async ({ seeded }) => {
    const key = await seeded.createKey(['editor']);
    const article = await newArticle(seeded, key, 'Ancien titre du dossier', later(-60));
    expect(article.slug).toBe('ancien-titre-du-dossier');
    const renamed = await mutate(seeded, key, 'updateArticle', { id: article.id, version: article.version, slug: 'nouveau-titre' }, articleFields);
    expect(renamed.errors).toEqual([]);

    const byOldSlug = await seeded.execute(`{ article(slug: "ancien-titre-du-dossier") { slug url path } }`);
    expect(byOldSlug.body.data.article).toEqual({
      slug: 'nouveau-titre',
      url: 'https://www.example.fr/articles/nouveau-titre',
      path: '/articles/nouveau-titre',
    });
    const old = await seeded.execute(route, { path: '/articles/ancien-titre-du-dossier' });
    expect(old.body.data.route).toEqual({ __typename: 'Redirect', location: 'https://www.example.fr/articles/nouveau-titre', permanent: true });
    const current = await seeded.execute(route, { path: 'https://www.example.fr/articles/nouveau-titre?utm=x' });
    expect(current.body.data.route).toMatchObject({ __typename: 'Article', slug: 'nouveau-titre' });
    const elsewhere = await seeded.execute(route, { path: 'https://other.example.com/articles/nouveau-titre' });
    expect(elsewhere.body.data.route).toBeNull();
  }, 120_000); // the first test also builds the file's seeded database

  test('a renamed person redirects too; a new object never silently gets a former slug', async ({ seeded }) => {
    const key = await seeded.createKey(['editor']);
    const person = (await mutate(seeded, key, 'createPerson', { fullName: 'Camille Durand' }, 'person { id slug version }')).person;
    const renamed = await mutate(seeded, key, 'updatePerson', { id: person.id, version: person.version, slug: 'camille-durand-martin' }, 'person { slug }');
    expect(renamed.errors).toEqual([]);
    const old = await seeded.execute(route, { path: '/people/camille-durand' });
    expect(old.body.data.route).toEqual({ __typename: 'Redirect', location: 'https://www.example.fr/people/camille-durand-martin', permanent: true });
    const byOldSlug = await seeded.execute(`{ person(slug: "camille-durand") { slug url } }`);
    expect(byOldSlug.body.data.person).toEqual({ slug: 'camille-durand-martin', url: 'https://www.example.fr/people/camille-durand-martin' });

    // A slug made from a name skips the former one: its redirect stays.
    const namesake = await mutate(seeded, key, 'createPerson', { fullName: 'Camille Durand' }, 'person { slug }');
    expect(namesake.person.slug).toBe('camille-durand-2');
    expect((await seeded.execute(route, { path: '/people/camille-durand' })).body.data.route.__typename).toBe('Redirect');
    // A slug given explicitly takes it over: the redirect is dropped.
    const takeover = await mutate(seeded, key, 'createPerson', { fullName: 'Camille D.', slug: 'camille-durand' }, 'person { slug }');
    expect(takeover.errors).toEqual([]);
    expect((await seeded.execute(route, { path: '/people/camille-durand' })).body.data.route).toEqual({
      __typename: 'Person',
      slug: 'camille-durand',
      url: 'https://www.example.fr/people/camille-durand',
      path: '/people/camille-durand',
    });
  });
});

describe('scheduled publishing', () => {
  test('a future publishedAt is SCHEDULED: readers see the article exactly from then on, everywhere', async ({ seeded }) => {
    const key = await seeded.createKey(['editor']);
    const topic = (await mutate(seeded, key, 'createTopic', { name: 'Calendrier éditorial' }, 'topic { id slug }')).topic;
    const article = await newArticle(seeded, key, 'Zorglubisation programmée des données', later(30), 'Le zorglub arrive.');
    const linked = await mutate(seeded, key, 'linkArticle', { article: article.id, entity: topic.id }, 'article { id }');
    expect(linked.errors).toEqual([]);
    expect(article.status).toBe('SCHEDULED');

    const reads = /* GraphQL */ `{
      article(slug: "${article.slug}") { slug status }
      articles(first: 3) { edges { node { slug } } }
      search(query: "zorglubisation", types: [ARTICLE]) { edges { node { ... on Article { slug } } } }
      topic(slug: "${topic.slug}") { articles { totalCount edges { node { slug } } } }
    }`;
    const before = await seeded.execute(reads);
    expect(before.body.errors).toBeUndefined();
    expect(before.body.data.article).toBeNull();
    expect(before.body.data.articles.edges.map((edge: any) => edge.node.slug)).not.toContain(article.slug);
    expect(before.body.data.search.edges).toEqual([]);
    expect(before.body.data.topic.articles).toEqual({ totalCount: 0, edges: [] });

    const scheduled = await seeded.execute(`{ articles(first: 5, filter: { statuses: [SCHEDULED] }) { edges { node { slug status } } } }`, {}, { key });
    expect(scheduled.body.data.articles.edges).toEqual([{ node: { slug: article.slug, status: 'SCHEDULED' } }]);

    clock.set(later(29));
    expect((await seeded.execute(reads)).body.data.article).toBeNull();
    clock.set(later(1));
    const after = await seeded.execute(reads);
    expect(after.body.data.article).toEqual({ slug: article.slug, status: 'PUBLISHED' });
    expect(after.body.data.articles.edges[0].node.slug).toBe(article.slug);
    expect(after.body.data.search.edges).toEqual([{ node: { slug: article.slug } }]);
    expect(after.body.data.topic.articles).toEqual({ totalCount: 1, edges: [{ node: { slug: article.slug } }] });
  });

  test("stored related rankings show a scheduled article only once it is due", async ({ seeded }) => {
    const key = await seeded.createKey(['editor']);
    const topic = (await mutate(seeded, key, 'createTopic', { name: 'Hydrolienne du Raz' }, 'topic { id }')).topic;
    const person = (await mutate(seeded, key, 'createPerson', { fullName: 'Maëlle Quéméner' }, 'person { id }')).person;
    const origin = await newArticle(seeded, key, 'Hydrolienne du Raz : le chantier démarre', later(-10), 'Hydrolienne, courant, Raz.');
    const coming = await newArticle(seeded, key, 'Hydrolienne du Raz : premiers kilowatts', later(30), 'Hydrolienne, courant, Raz.');
    for (const article of [origin, coming]) {
      await mutate(seeded, key, 'linkArticle', { article: article.id, entity: topic.id }, 'article { id }');
      await mutate(seeded, key, 'linkArticle', { article: article.id, entity: person.id, role: 'SUBJECT' }, 'article { id }');
    }
    const related = `{ article(slug: "${origin.slug}") { related(first: 10) { article { slug } } } }`;
    const slugs = async () => (await seeded.execute(related)).body.data.article.related.map((item: any) => item.article.slug);
    expect(await slugs()).not.toContain(coming.slug);
    expect(await slugs()).not.toContain(coming.slug); // read from the stored ranking this time
    clock.set(later(30));
    expect(await slugs()).toContain(coming.slug);
  });
});

describe('the response cache', () => {
  test('keeps no answer past the next scheduled publication, and never a preview', async ({ seeded }) => {
    // The memory store's TTLs run on real time: so does this test, for a few seconds.
    const stopped = useClock(systemClock);
    try {
      const cached = await createTestGateway(seeded.database, { RESPONSE_CACHE: 'true', RESPONSE_CACHE_TTL_SECONDS: '3600' });
      const key = await cached.createKey(['editor']);
      const dueAt = Date.now() + 3_000;
      const article = await newArticle(cached, key, 'Annonce à heure fixe', new Date(dueAt).toISOString());
      const newest = `{ articles(first: 1) { edges { node { slug } } } }`;
      const first = await cached.execute(newest);
      expect(first.body.data.articles.edges[0].node.slug).not.toBe(article.slug);
      expect((await cached.execute(newest)).statements).toBe(0); // served from the cache
      // Nor may a browser or a CDN keep it past then (HTTP_MAX_AGE_SECONDS is 30 by default).
      const hit = await cached.yoga.fetch('http://gateway/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: newest }) });
      expect(Number(/max-age=(\d+)/.exec(hit.headers.get('cache-control') ?? '')?.[1])).toBeLessThanOrEqual(3);

      const token = (await mutate(cached, key, 'createPreviewToken', { article: article.id }, previewToken)).previewToken.token;
      const preview = `{ article(slug: "${article.slug}", previewToken: "${token}") { slug } }`;
      expect((await cached.execute(preview)).body.data.article).toEqual({ slug: article.slug });
      expect((await cached.execute(preview)).statements).toBeGreaterThan(0); // not cached

      await new Promise((resolve) => setTimeout(resolve, dueAt + 200 - Date.now()));
      expect((await cached.execute(newest)).body.data.articles.edges[0].node.slug).toBe(article.slug);
      await cached.yoga.dispose();
    } finally {
      useClock(stopped);
    }
  }, 60_000);
});

const previewToken = 'previewToken { token expiresAt article { slug } }';

describe('previews and revisions', () => {
  test('a preview token reads its one draft without a key, not another, and expires', async ({ seeded }) => {
    const key = await seeded.createKey(['editor']);
    const draft = await newArticle(seeded, key, 'Brouillon à relire', null);
    const other = await newArticle(seeded, key, 'Autre brouillon', null);
    const made = await mutate(seeded, key, 'createPreviewToken', { article: draft.id, expiresIn: 600 }, previewToken);
    expect(made.errors).toEqual([]);
    const { token } = made.previewToken;

    const read = (slug: string) => `{ article(slug: "${slug}", previewToken: "${token}") { slug status } }`;
    expect((await seeded.execute(read(draft.slug))).body.data.article).toEqual({ slug: draft.slug, status: 'DRAFT' });
    expect((await seeded.execute(read(other.slug))).body.data.article).toBeNull();
    expect((await seeded.execute(`{ article(slug: "${draft.slug}") { slug } }`)).body.data.article).toBeNull();

    const byHeader = await seeded.yoga.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-preview-token': token },
      body: JSON.stringify({ query: `{ article(slug: "${draft.slug}") { slug } }` }),
    });
    expect((await byHeader.json()).data.article).toEqual({ slug: draft.slug });

    const audit = await seeded.execute(`{ auditLog(first: 1, entityType: "article") { edges { node { action } } } }`, {}, { key });
    expect(audit.body.data.auditLog.edges[0].node.action).toBe('article.preview-token');

    clock.set(later(10));
    expect((await seeded.execute(read(draft.slug))).body.data.article).toBeNull();
    const forged = `${token.slice(0, -2)}AA`;
    clock.set(later(-10));
    expect((await seeded.execute(`{ article(slug: "${draft.slug}", previewToken: "${forged}") { slug } }`)).body.data.article).toBeNull();
  });

  test('a pending revision stays invisible to readers until it is published in one versioned step', async ({ seeded }) => {
    const key = await seeded.createKey(['editor']);
    const live = await newArticle(seeded, key, 'Version en ligne', later(-5));
    const revised = await mutate(seeded, key, 'updateArticleRevision', { id: live.id, title: 'Version corrigée' }, articleFields);
    expect(revised.errors).toEqual([]);

    const reader = `{ article(slug: "${live.slug}") { title } }`;
    expect((await seeded.execute(reader)).body.data.article.title).toBe('Version en ligne');
    const editor = await seeded.execute(`{ article(slug: "${live.slug}") { title version pendingRevision { title } } }`, {}, { key });
    expect(editor.body.data.article).toMatchObject({ title: 'Version en ligne', pendingRevision: { title: 'Version corrigée' } });
    const token = (await mutate(seeded, key, 'createPreviewToken', { article: live.id }, previewToken)).previewToken.token;
    const previewed = await seeded.execute(`{ article(slug: "${live.slug}", previewToken: "${token}") { title } }`);
    expect(previewed.body.data.article.title).toBe('Version corrigée');

    const stale = await mutate(seeded, key, 'publishArticleRevision', { id: live.id, version: live.version - 1 }, articleFields);
    expect(stale).toMatchObject({ article: null, errors: [{ code: 'VERSION_CONFLICT', currentVersion: live.version }] });
    expect((await seeded.execute(reader)).body.data.article.title).toBe('Version en ligne');

    const published = await mutate(seeded, key, 'publishArticleRevision', { id: live.id, version: live.version }, articleFields);
    expect(published.errors).toEqual([]);
    expect(published.article).toMatchObject({ title: 'Version corrigée', version: live.version + 1 });
    expect((await seeded.execute(reader)).body.data.article.title).toBe('Version corrigée');
    const after = await seeded.execute(`{ article(slug: "${live.slug}") { pendingRevision { title } } }`, {}, { key });
    expect(after.body.data.article.pendingRevision).toBeNull();
  });
});

describe('Article.jsonLd', () => {
  test('is an object with an author and a publisher for every kind of article', async ({ seeded }) => {
    const key = await seeded.createKey(['editor']);
    const expert = await newArticle(seeded, key, 'Analyse de la rédaction', later(-1));
    const { body } = await seeded.execute(`{
      expert: article(slug: "${expert.slug}") { jsonLd }
      news: articles(first: 20, filter: { kinds: [NEWS] }) { edges { node { url jsonLd } } }
    }`);
    expect(body.errors).toBeUndefined();
    const site = { '@type': 'Organization', name: expect.any(String), url: 'https://www.example.fr' };
    expect(body.data.expert.jsonLd).toMatchObject({
      '@type': 'NewsArticle',
      url: `https://www.example.fr/articles/${expert.slug}`,
      author: [site],
      publisher: site,
    });
    expect(body.data.news.edges.length).toBeGreaterThan(0);
    for (const { node } of body.data.news.edges) {
      expect(node.jsonLd).toMatchObject({ url: node.url, publisher: site });
      expect(node.jsonLd.author.length).toBeGreaterThan(0);
      for (const author of node.jsonLd.author) expect(author).toMatchObject({ '@type': expect.stringMatching(/^(Person|Organization)$/), name: expect.any(String) });
    }
  });
});
