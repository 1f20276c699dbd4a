import { describe, expect, test } from './support/search-content.js';
import { createTestGateway, type TestGateway } from './support/gateway.js';

// Related articles (Article.related), the partner field (relatedContent) and the JSON-LD
// metadata, over the seed story and tests/support/search-content.ts.

const relatedFields = /* GraphQL */ `
  score
  pinned
  article { slug }
  text
  recency
  reasons { kind slug name weight }
`;

async function relatedOf(gateway: TestGateway, slug: string, first = 5) {
  const { body } = await gateway.execute(
    `query ($slug: String!, $first: Int) { article(slug: $slug) { related(first: $first) { ${relatedFields} } } }`,
    { slug, first },
  );
  expect(body.errors).toBeUndefined();
  return body.data.article.related;
}

const relatedContent = /* GraphQL */ `
  query ($to: RelatedInput!, $first: Int, $language: String) {
    relatedContent(to: $to, first: $first, language: $language) {
      articles { ${relatedFields} }
      recognised { kind slug name }
      article { slug }
    }
  }
`;

const slugs = (related: any[]) => related.map((item) => item.article.slug);
const valence = 'ia-mega-data-center-valence-sesterce';
const aiTeacher = 'chatgpt-redefinir-metier-professeur-histoire-geo';
const bachelor = 'nouveau-bachelor-agro-modalites-decrets';
const draft = 'brouillon-sesterce-second-data-center-valence';

describe('Article.related', () => {
  test('the Valence story ranks the AI teacher article (shared topic) above the agricultural bachelor one, with reasons', async ({ searchable }) => {
    const related = await relatedOf(searchable, valence);
    const order = slugs(related);
    expect(order).toContain(bachelor);
    expect(order.indexOf(aiTeacher)).toBeLessThan(order.indexOf(bachelor));
    const teacher = related.find((item: any) => item.article.slug === aiTeacher);
    expect(teacher.reasons).toEqual([
      { kind: 'TOPIC', slug: 'intelligence-artificielle', name: 'Intelligence artificielle', weight: expect.any(Number) },
    ]);
    expect(related.find((item: any) => item.article.slug === bachelor).reasons).toEqual([]);
    // The story sharing a topic, a project and a person comes first; the topic, rarer than the
    // project is central to either story, weighs most (mentioned in both: a quarter of a
    // subject's weight on each side).
    expect(related[0]).toMatchObject({ article: { slug: 'data-centers-ia-la-france-accelere' }, pinned: false });
    expect(related[0].reasons.map((reason: any) => `${reason.kind}:${reason.slug}`)).toEqual([
      'TOPIC:centres-de-donnees',
      'PROJECT:plan-35-centres-de-donnees-ia',
      'PERSON:clara-chappaz',
    ]);
    // The score is the sum of its parts, each reason's weight included.
    for (const item of related) {
      const weights = item.reasons.map((reason: any) => reason.weight);
      expect(weights).toEqual([...weights].sort((a, b) => b - a));
      expect(item.score).toBeCloseTo(weights.reduce((sum: number, weight: number) => sum + weight, 0) + item.text + item.recency, 9);
    }
    const scores = related.map((item: any) => item.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  test('never the article itself, never a draft, and the same order every time', async ({ searchable }) => {
    const first = await relatedOf(searchable, valence, 100);
    expect(slugs(first)).not.toContain(valence);
    expect(slugs(first)).not.toContain(draft);
    expect(await relatedOf(searchable, valence, 100)).toEqual(first);
  });

  test("an editor's pins come first, in order, even sharing nothing; a pinned draft stays hidden", async ({ searchable }) => {
    const related = await relatedOf(searchable, 'selection-de-la-redaction-ia');
    expect(related[0]).toMatchObject({ article: { slug: bachelor }, pinned: true, reasons: [] });
    expect(related.slice(1).every((item: any) => !item.pinned)).toBe(true);
    expect(slugs(related)).not.toContain(draft);
    expect(slugs(related).slice(1, 3).sort()).toEqual([aiTeacher, valence]);
  });

  test('first: 0 gives none, and the page size is capped', async ({ searchable }) => {
    expect(await relatedOf(searchable, valence, 0)).toEqual([]);
    const { body } = await searchable.execute(`{ article(slug: "${valence}") { related(first: 101) { score } } }`);
    expect(body.errors[0].extensions.code).toBe('INVALID_PAGE_SIZE');
  });
});

describe('relatedContent, the partner field', () => {
  async function partner(gateway: TestGateway, key: string, variables: Record<string, unknown>) {
    const { body } = await gateway.execute(relatedContent, variables, { key });
    expect(body.errors).toBeUndefined();
    return body.data.relatedContent;
  }

  test('needs an API key with the partner scope', async ({ searchable, partnerKey }) => {
    const anonymous = await searchable.execute(relatedContent, { to: { slug: valence } });
    expect(anonymous.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const reader = await searchable.execute(relatedContent, { to: { slug: valence } }, { key: await searchable.createKey(['read']) });
    expect(reader.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(slugs((await partner(searchable, partnerKey, { to: { slug: valence } })).articles)).toContain(aiTeacher);
  });

  test('a slug, our canonical URL or the source URL give the same list as Article.related', async ({ searchable, partnerKey }) => {
    const expected = { articles: await relatedOf(searchable, valence), recognised: [], article: { slug: valence } };
    expect(await partner(searchable, partnerKey, { to: { slug: valence } })).toEqual(expected);
    expect(await partner(searchable, partnerKey, { to: { url: `https://www.example.fr/articles/${valence}` } })).toEqual(expected);
    expect(await partner(searchable, partnerKey, { to: { url: `http://example.fr/articles/${valence}/?utm_source=partner#top` } })).toEqual(
      expected,
    );
    const news = 'data-centers-ia-la-france-accelere';
    expect(await partner(searchable, partnerKey, { to: { url: 'https://www.lejdd.fr/economie/data-centers-ia-la-france-accelere#x' } })).toEqual({
      articles: await relatedOf(searchable, news),
      recognised: [],
      article: { slug: news },
    });
  });

  test('a slug or URL that names no article of ours (or a draft) gives null', async ({ searchable, partnerKey }) => {
    expect(await partner(searchable, partnerKey, { to: { slug: 'no-such-article' } })).toBeNull();
    expect(await partner(searchable, partnerKey, { to: { slug: draft } })).toBeNull();
    expect(await partner(searchable, partnerKey, { to: { url: 'https://elsewhere.example/articles/x' } })).toBeNull();
  });

  test('free text finds the articles about the entities it names and the words it uses, and says which it recognised', async ({
    searchable,
    partnerKey,
  }) => {
    const text = 'Nicolas Daragon se félicite : la société SESTERCE ouvre un centre de données à Valence.';
    const { articles: related, recognised, article } = await partner(searchable, partnerKey, { to: { text } });
    expect(article).toBeNull();
    // "centre de données" names the topic "Centres de données": words are stemmed.
    expect(recognised).toEqual([
      { kind: 'ORGANISATION', slug: 'sesterce', name: 'Sesterce' },
      { kind: 'PERSON', slug: 'nicolas-daragon', name: 'Nicolas Daragon' },
      { kind: 'TOPIC', slug: 'centres-de-donnees', name: 'Centres de donnees' },
      { kind: 'TOPIC', slug: 'valence', name: 'Valence' },
    ]);
    expect(related[0].article.slug).toBe(valence);
    expect(related[0].pinned).toBe(false);
    expect(related[0].reasons.map((reason: any) => reason.slug).sort()).toEqual(recognised.map((entity: any) => entity.slug).sort());
    expect(slugs(related)).not.toContain(draft);
    expect((await partner(searchable, partnerKey, { to: { text: 'Nicolas Daragon' }, language: 'en' })).articles).toEqual([]);
  });

  test('kinds, excludeSource and since narrow the list', async ({ searchable, partnerKey }) => {
    const narrowed = async (options: string) => {
      const { body } = await searchable.execute(
        `{ relatedContent(to: { slug: "${valence}" }, first: 100, ${options}) { articles { article { slug kind publishedAt source { slug } } } } }`,
        {},
        { key: partnerKey },
      );
      expect(body.errors).toBeUndefined();
      return body.data.relatedContent.articles.map((item: any) => item.article);
    };
    const all = await narrowed('kinds: [NEWS, EXPERT]');
    expect(new Set(all.map((article: any) => article.kind))).toEqual(new Set(['NEWS', 'EXPERT']));
    expect((await narrowed('kinds: [EXPERT]')).map((article: any) => article.slug)).toEqual(
      all.filter((article: any) => article.kind === 'EXPERT').map((article: any) => article.slug),
    );
    const journal = all.filter((article: any) => article.source?.slug === 'le-journal-du-dimanche');
    expect(journal.length).toBeGreaterThan(0);
    const excluded = await narrowed('excludeSource: "le-journal-du-dimanche"');
    expect(excluded.map((article: any) => article.slug)).toEqual(
      all.filter((article: any) => article.source?.slug !== 'le-journal-du-dimanche').map((article: any) => article.slug),
    );
    const since = all.map((article: any) => article.publishedAt).filter(Boolean).sort()[1];
    const recent = await narrowed(`since: "${since}"`);
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.length).toBeLessThan(all.length);
    expect(recent.every((article: any) => article.publishedAt >= since)).toBe(true);
  });

  test('bad input gets a clear error with a code', async ({ searchable, partnerKey }) => {
    const errorOf = async (variables: Record<string, unknown>) => {
      const { body } = await searchable.execute(relatedContent, variables, { key: partnerKey });
      return { code: body.errors[0].extensions.code, message: body.errors[0].message };
    };
    expect(await errorOf({ to: {} })).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'Give exactly one of `to.slug`, `to.url` and `to.text`: none was given.',
    });
    expect(await errorOf({ to: { slug: valence, url: 'https://www.example.fr/articles/x' } })).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'Give exactly one of `to.slug`, `to.url` and `to.text`: got slug and url.',
    });
    expect(await errorOf({ to: { text: '  ' } })).toEqual({ code: 'BAD_USER_INPUT', message: '`to.text` is empty: send at least a title.' });
    expect(await errorOf({ to: { text: 'mot '.repeat(1300) } })).toEqual({
      code: 'BAD_USER_INPUT',
      message: '`to.text` is 5199 characters long; the limit is 5000.',
    });
    expect((await errorOf({ to: { url: 'ftp://example.fr/x' } })).code).toBe('BAD_USER_INPUT');
    expect((await errorOf({ to: { url: 'not a url' } })).code).toBe('BAD_USER_INPUT');
    expect((await errorOf({ to: { slug: valence }, language: 'français' })).code).toBe('BAD_USER_INPUT');
    expect((await errorOf({ to: { slug: valence }, first: -1 })).code).toBe('INVALID_PAGE_SIZE');
  });
});

describe('Article.jsonLd', () => {
  test('is schema.org NewsArticle JSON-LD naming the source, the people, organisations and projects', async ({ searchable }) => {
    const { body } = await searchable.execute(`{ article(slug: "${valence}") { jsonLd: jsonLdText } }`);
    expect(body.errors).toBeUndefined();
    const jsonLd = JSON.parse(body.data.article.jsonLd);
    expect(jsonLd).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      url: `https://www.example.fr/articles/${valence}`,
      headline: 'Intelligence artificielle : Sesterce prévoit un méga data center à Valence',
      inLanguage: 'fr',
      datePublished: '2025-02-16T07:00:00.000Z',
      publisher: { '@type': 'Organization', name: expect.any(String), url: 'https://www.example.fr' },
      sourceOrganization: { '@type': 'Organization', name: 'Le Journal du Dimanche' },
      about: [
        { '@type': 'Project', name: 'Méga data center IA de Valence' },
        { '@type': 'Organization', name: 'Sesterce' },
      ],
      keywords: expect.arrayContaining(['Intelligence artificielle', 'Valence']),
    });
    expect(Date.parse(jsonLd.dateModified)).not.toBeNaN();
    expect(jsonLd.mentions).toEqual(
      expect.arrayContaining([
        { '@type': 'Person', name: 'Emmanuel Macron' },
        { '@type': 'Person', name: 'Clara Chappaz' },
        { '@type': 'Person', name: 'Nicolas Daragon' },
        { '@type': 'Organization', name: 'Gouvernement français' },
        { '@type': 'Organization', name: 'Ville de Valence' },
        { '@type': 'Project', name: 'Plan national de 35 centres de données pour l\'IA' },
      ]),
    );
    expect(jsonLd.mentions).toHaveLength(6);
  });

  test('isBasedOn is the original at the source; the text is safe inside a <script> element', async ({ searchable }) => {
    const { body } = await searchable.execute(`{ article(slug: "data-centers-ia-la-france-accelere") { jsonLd: jsonLdText } selection: article(slug: "selection-de-la-redaction-ia") { jsonLd: jsonLdText } }`);
    expect(JSON.parse(body.data.article.jsonLd).isBasedOn).toBe('https://www.lejdd.fr/economie/data-centers-ia-la-france-accelere');
    const selection = body.data.selection.jsonLd;
    expect(selection).not.toMatch(/[<>&]/);
    expect(JSON.parse(selection)).not.toHaveProperty('isBasedOn');
    expect(JSON.parse(selection).description).toContain("l'IA & l'école");
  });

  test('names the site of SITE_BASE_URL and SITE_NAME, whose article URLs the partner field accepts', async ({ searchable }) => {
    const site = await createTestGateway(searchable.database, { SITE_BASE_URL: 'https://actu.example.org/', SITE_NAME: 'Actu' });
    const { body } = await site.execute(`{ article(slug: "${valence}") { jsonLd: jsonLdText } }`);
    expect(JSON.parse(body.data.article.jsonLd)).toMatchObject({
      url: `https://actu.example.org/articles/${valence}`,
      publisher: { '@type': 'Organization', name: 'Actu', url: 'https://actu.example.org' },
    });
    const partnerKey = await site.createKey(['partner']);
    const related = await site.execute(relatedContent, { to: { url: `https://actu.example.org/articles/${valence}` } }, { key: partnerKey });
    expect(related.body.errors).toBeUndefined();
    expect(related.body.data.relatedContent.articles.length).toBeGreaterThan(0);
  });
});
