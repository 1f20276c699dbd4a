import { sql } from 'kysely';
import { seedOnFirstStart } from '../src/content/bootstrap.js';
import { importContent } from '../src/content/importer.js';
import { renditionUrl, signPath } from '../src/images/image-proxy.js';
import { createTestGateway, describe, expect, test as gatewayTest, type TestGateway } from './support/gateway.js';

// Images: the signature of rendition URLs against imgproxy's documented values, renditions and
// their bounds through the API, statement counts of pages that show lead images, alt text
// required to publish, the editors' round trip and the import of images.

const hex = (text: string) => Buffer.from(text).toString('hex');
// imgproxy's example key and salt (its examples folder, docs.imgproxy.net "Signing a URL").
const EXAMPLE_KEY = '943b421c9eb07c830af81030552c86009268de4e532ba2ee2eab8247c6da0881';
const EXAMPLE_SALT = '520f986b998545b4785e0defbc4f3c1203f22de2374a3d53cb7a7fe9fea309c5';
const proxyEnv = { IMAGE_PROXY_URL: 'https://img.example.fr', IMAGE_PROXY_KEY: EXAMPLE_KEY, IMAGE_PROXY_SALT: EXAMPLE_SALT };

describe('signatures', () => {
  test('match the path/signature pairs of imgproxy’s documentation', () => {
    // docs.imgproxy.net, "Signing a URL": key "secret", salt "hello".
    const signing = { key: Buffer.from(hex('secret'), 'hex'), salt: Buffer.from(hex('hello'), 'hex') };
    expect(signPath('/rs:fill:300:400:0/g:sm/aHR0cDovL2V4YW1w/bGUuY29tL2ltYWdl/cy9jdXJpb3NpdHku/anBn.png', signing)).toBe(
      'oKfUtW34Dvo2BGQehJFR4Nr0_rIjOtdtzJ3QFsUcXH8',
    );
    // The same page in its 2.x version, basic URL format.
    expect(signPath('/fill/300/400/sm/0/aHR0cDovL2V4YW1w/bGUuY29tL2ltYWdl/cy9jdXJpb3NpdHku/anBn.png', signing)).toBe(
      'AfrOrF3gWeDA6VOlDG4TzxMv39O7MXnF4CXpKUwGqRM',
    );
  });

  test('with the example key and salt: the path of imgproxy’s examples, and a rendition of ours', () => {
    const signing = { key: Buffer.from(EXAMPLE_KEY, 'hex'), salt: Buffer.from(EXAMPLE_SALT, 'hex') };
    // examples/signature.rb's path; the value checked with `openssl dgst -sha256 -mac HMAC`.
    expect(signPath('/rs:fit:300:300/plain/http://img.example.com/pretty/image.jpg', signing)).toBe('m3k5QADfcKPDj-SDI2AIogZbC3FlAXszuwhtWXYqavc');
    const image = { source_url: 'http://img.example.com/pretty/image.jpg', focal_x: null, focal_y: null };
    const url = renditionUrl({ baseUrl: 'https://img.example.fr', signing }, image, { width: 640, height: null, fit: 'fit', format: 'webp' });
    const path = '/rs:fit:640:0/aHR0cDovL2ltZy5leGFtcGxlLmNvbS9wcmV0dHkvaW1hZ2UuanBn.webp';
    expect(url).toBe(`https://img.example.fr/${signPath(path, signing)}${path}`);
    expect(renditionUrl(null, image, { width: 640, height: null, fit: 'fit', format: 'webp' })).toBe(image.source_url);
  });
});

/** The demo content (seed story, demo set), and a second gateway over it that has an image proxy. */
const test = gatewayTest.extend<{ demo: TestGateway; proxied: TestGateway }>({
  demo: [
    async ({ gateway }, use) => {
      await seedOnFirstStart(gateway.database.db, () => {});
      await use(gateway);
    },
    { scope: 'file' },
  ],
  proxied: [
    async ({ demo }, use) => {
      const proxied = await createTestGateway(demo.database, proxyEnv);
      await use(proxied);
      await proxied.yoga.dispose();
    },
    { scope: 'file' },
  ],
});

const FLAGSHIP = 'val-de-lorne-campus-de-calcul-ia-calculia';
const LEAD = 'leadImage { url(width: 640) alt width height }';

describe('renditions', () => {
  test('url and srcset: signed proxy URLs, bounded sizes, the original without a proxy', async ({ demo, proxied }) => {
    const query = /* GraphQL */ `{ image(slug: "chantier-campus-calcul-greves") {
      sourceUrl width url(width: 640) webp: url(width: 640, height: 360, fit: FILL, format: WEBP) original: url srcset(widths: [320, 640, 2560]) } }`;
    const { body } = await proxied.execute(query);
    expect(body.errors).toBeUndefined();
    const image = body.data.image;
    const encoded = Buffer.from(image.sourceUrl).toString('base64url');
    const signing = { key: Buffer.from(EXAMPLE_KEY, 'hex'), salt: Buffer.from(EXAMPLE_SALT, 'hex') };
    const signed = (path: string) => `https://img.example.fr/${signPath(path, signing)}${path}`;
    expect(image.url).toBe(signed(`/rs:fit:640:0/${encoded}`));
    // FILL crops around the focal point given in the demo content.
    expect(image.webp).toBe(signed(`/rs:fill:640:360/g:fp:0.58:0.42/${encoded}.webp`));
    expect(image.original).toBe(image.sourceUrl);
    // 2560 is wider than the 2400-pixel original: left out.
    expect(image.srcset).toBe(`${signed(`/rs:fit:320:0/${encoded}`)} 320w, ${signed(`/rs:fit:640:0/${encoded}`)} 640w`);

    const plain = await demo.execute(query);
    expect(plain.body.data.image).toMatchObject({ url: image.sourceUrl, webp: image.sourceUrl, srcset: `${image.sourceUrl} 2400w` });

    for (const bad of ['url(width: 641)', 'url(height: 100000)', 'srcset(widths: [640, 123])', 'srcset(widths: [])']) {
      const refused = await proxied.execute(`{ image(slug: "chantier-campus-calcul-greves") { ${bad} } }`);
      expect(refused.body.errors?.[0]?.extensions?.code, bad).toBe('BAD_USER_INPUT');
    }
 
    // The first test to use the demo fixture also loads the demo content.
  }, 120_000);
});

describe('importing images', () => {
  test('the demo content: images, where they appear, JSON-LD; a published article may not show an image without alt text', async ({ demo }) => {
    const { body } = await demo.execute(/* GraphQL */ `{
      article(slug: "${FLAGSHIP}") {
        leadImage { slug alt credit } jsonLd
        images { edges { caption node { slug } } }
        source { logo { slug } }
        people { edges { node { portrait { alt } } } }
        organisations { edges { node { logo { mimeType } } } }
        projects { edges { node { images { edges { caption node { slug } } } } } }
      }
      seed: article(slug: "ia-mega-data-center-valence-sesterce") { leadImage { slug alt focalPoint { x y } } }
    }`);
    expect(body.errors).toBeUndefined();
    const { article, seed } = body.data;
    expect(article.leadImage).toEqual({ slug: 'chantier-campus-calcul-greves', alt: expect.stringContaining('Calculia'), credit: 'La Gazette du Val-de-Lorne' });
    expect(article.images.edges.map((edge: any) => [edge.node.slug, Boolean(edge.caption)])).toEqual([
      ['salle-serveurs-refroidissement', true],
      ['reseau-chaleur-universite-canalisations', true],
    ]);
    expect(article.source.logo.slug).toBe('logo-la-gazette-du-val-de-lorne');
    expect(article.people.edges.every((edge: any) => edge.node.portrait.alt.startsWith('Portrait de'))).toBe(true);
    expect(article.organisations.edges.every((edge: any) => edge.node.logo.mimeType === 'image/png')).toBe(true);
    expect(article.projects.edges[0].node.images.edges.map((edge: any) => edge.node.slug)).toEqual(['chantier-campus-calcul-greves', 'salle-serveurs-refroidissement']);
    expect(seed.leadImage).toEqual({ slug: 'parc-rovaltain-gare-tgv-valence', alt: expect.any(String), focalPoint: { x: 0.5, y: 0.45 } });

    const jsonLd = article.jsonLd;
    expect(jsonLd.image).toEqual({ '@type': 'ImageObject', url: 'https://www.example.fr/images/demo/chantier-campus-calcul-greves.jpg', width: 2400, height: 1600 });
    expect(jsonLd.sourceOrganization.logo).toEqual({ '@type': 'ImageObject', url: 'https://www.example.fr/images/demo/logo-la-gazette-du-val-de-lorne.png', width: 600, height: 600 });

    const report = await importContent(demo.database.db, {
      images: [{ slug: 'sans-alt', sourceUrl: 'https://www.example.fr/images/sans-alt.jpg', width: 800, height: 600, mimeType: 'image/jpeg' }],
      articles: [
        { slug: 'avec-image-sans-alt', kind: 'expert', language: 'fr', title: 'Publié', leadImage: 'sans-alt' },
        { slug: 'brouillon-image-sans-alt', kind: 'expert', language: 'fr', title: 'Brouillon', status: 'draft', images: [{ image: 'sans-alt' }] },
        { slug: 'image-inconnue', kind: 'expert', language: 'fr', title: 'Inconnue', status: 'draft', leadImage: 'nulle-part' },
      ],
    });
    expect(report.counts.image.inserted).toBe(1);
    expect(report.counts.article.inserted).toBe(1);
    expect(report.rejected).toEqual([
      expect.objectContaining({ kind: 'article', index: 0, field: 'status', message: expect.stringContaining('"sans-alt"') }),
      expect.objectContaining({ kind: 'article', index: 2, field: 'leadImage', message: 'unknown image "nulle-part"' }),
    ]);
  });

  test('importing the demo content again changes nothing', async ({ demo }) => {
    const { readFile } = await import('node:fs/promises');
    const file = JSON.parse(await readFile(new URL('../src/content/seed/demo.json', import.meta.url), 'utf8'));
    const report = await importContent(demo.database.db, file, { demo: true });
    expect(report.rejected).toEqual([]);
    expect(report.counts.image).toEqual({ inserted: 0, updated: 0, unchanged: file.images.length });
  });
});

describe('statements', () => {
  test('an article page with its lead image, and its related block with theirs: one statement more per level', async ({ proxied }) => {
    const page = (images: boolean) => /* GraphQL */ `query ($slug: String!) { article(slug: $slug) {
      title ${images ? LEAD : ''} related(first: 5) { article { slug title ${images ? LEAD : ''} } } } }`;
    // The first view stores the related ranking: count the later ones.
    await proxied.execute(page(false), { slug: FLAGSHIP });
    const without = await proxied.execute(page(false), { slug: FLAGSHIP });
    const withImages = await proxied.execute(page(true), { slug: FLAGSHIP });
    expect(withImages.body.errors).toBeUndefined();
    const { article } = withImages.body.data;
    expect(article.leadImage).toMatchObject({ width: 2400, height: 1600, alt: expect.stringContaining('Grèves') });
    expect(article.leadImage.url).toMatch(/^https:\/\/img\.example\.fr\/[\w-]+\/rs:fit:640:0\//);
    expect(article.related.filter((item: any) => item.article.leadImage).length).toBeGreaterThan(1);
    expect(withImages.statements).toBe(without.statements + 2);
  });

  test('a page of articles and search results ask for their lead images in one statement', async ({ proxied }) => {
    const list = (images: boolean) => `{ articles(first: 30) { edges { node { slug ${images ? LEAD : ''} } } } }`;
    const search = (images: boolean) => `{ search(query: "campus de calcul", types: [ARTICLE]) { edges { node { ... on Article { slug ${images ? LEAD : ''} } } } } }`;
    for (const query of [list, search]) {
      const without = await proxied.execute(query(false));
      const withImages = await proxied.execute(query(true));
      expect(withImages.body.errors).toBeUndefined();
      const nodes = Object.values(withImages.body.data as Record<string, any>)[0].edges.map((edge: any) => edge.node);
      expect(nodes.filter((node: any) => node.leadImage).length).toBeGreaterThan(1);
      expect(withImages.statements).toBe(without.statements + 1);
    }
  });
});

const errors = 'errors { path message code currentVersion }';

async function mutate(gateway: TestGateway, key: string, name: string, input: Record<string, unknown>, selection = '') {
  const inputType = name === 'publishArticle' ? 'ArticleStatusInput' : `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
  const { body } = await gateway.execute(`mutation ($input: ${inputType}!) { ${name}(input: $input) { ${selection} ${errors} } }`, { input }, { key });
  expect(body.errors).toBeUndefined();
  return body.data[name];
}

const writes = async (gateway: TestGateway) => {
  const { rows } = await sql<{ audit: number; versions: number }>`select (select count(*) from audit_log)::int as audit,
    (select sum(version) from article)::int + (select sum(version) from image)::int as versions`.execute(gateway.database.db);
  return rows[0];
};

describe('alt text', () => {
  test('a draft showing an image without alt text cannot be published, and nothing is written', async ({ demo }) => {
    const key = await demo.createKey(['editor']);
    const draftQuery = `{ article(slug: "guide-double-authentification-equipes-administratives") { id version status leadImage { id version alt } } }`;
    const { body } = await demo.execute(draftQuery, {}, { key });
    const draft = body.data.article;
    expect(draft).toMatchObject({ status: 'DRAFT', leadImage: { alt: null } });

    const before = await writes(demo);
    const refused = await mutate(demo, key, 'publishArticle', { id: draft.id, version: draft.version }, 'article { status }');
    expect(refused.article).toBeNull();
    expect(refused.errors).toEqual([expect.objectContaining({ code: 'ALT_TEXT_REQUIRED', path: ['id'], message: expect.stringContaining('cadenas-double-authentification') })]);
    expect(await writes(demo)).toEqual(before);

    const described = await mutate(demo, key, 'updateImage', { id: draft.leadImage.id, version: draft.leadImage.version, altText: 'Un cadenas posé sur un clavier d’ordinateur' }, 'image { alt version }');
    expect(described.errors).toEqual([]);
    const published = await mutate(demo, key, 'publishArticle', { id: draft.id, version: draft.version }, 'article { status }');
    expect(published).toEqual({ article: { status: 'PUBLISHED' }, errors: [] });

    // Once published, its images keep their alt text.
    const cleared = await mutate(demo, key, 'updateImage', { id: draft.leadImage.id, version: described.image.version, altText: null }, 'image { alt }');
    expect(cleared.errors).toEqual([expect.objectContaining({ code: 'ALT_TEXT_REQUIRED', path: ['altText'] })]);
  });
});

describe('editing images', () => {
  test('create, read back, update, stale update, gallery with captions, delete refused while used, delete', async ({ demo }) => {
    const key = await demo.createKey(['editor']);
    const fields = 'id slug sourceUrl width height mimeType alt caption credit licence focalPoint { x y } version';
    const created = await mutate(demo, key, 'createImage', {
      sourceUrl: 'https://www.example.fr/images/Marche-de-Noel.JPG', width: 1600, height: 1067, mimeType: 'image/jpeg',
      altText: 'Chalets illuminés du marché de Noël', credit: 'Rédaction', focalPoint: { x: 0.25, y: 0.5 },
    }, `image { ${fields} }`);
    expect(created.errors).toEqual([]);
    expect(created.image).toMatchObject({ slug: 'marche-de-noel', width: 1600, focalPoint: { x: 0.25, y: 0.5 }, caption: null, version: 1 });
    const { body: read } = await demo.execute(`query ($id: ID!) { node(id: $id) { ... on Image { ${fields} } } }`, { id: created.image.id });
    expect(read.data.node).toEqual(created.image);

    const invalid = await mutate(demo, key, 'createImage', { sourceUrl: 'ftp://x', width: 0, height: 10, mimeType: 'image/bmp' }, 'image { id }');
    expect(invalid.errors.map((error: any) => error.path[0]).sort()).toEqual(['mimeType', 'sourceUrl', 'width']);

    const updated = await mutate(demo, key, 'updateImage', { id: created.image.id, version: 1, caption: 'Place de la mairie', focalPoint: null }, 'image { caption focalPoint { x } version }');
    expect(updated.image).toEqual({ caption: 'Place de la mairie', focalPoint: null, version: 2 });
    const stale = await mutate(demo, key, 'updateImage', { id: created.image.id, version: 1, caption: 'Autre' }, 'image { id }');
    expect(stale.errors).toEqual([expect.objectContaining({ code: 'VERSION_CONFLICT', currentVersion: 2 })]);

    const { body: flagship } = await demo.execute(`{ article(slug: "${FLAGSHIP}") { id images { edges { caption node { id } } } } }`);
    const article = flagship.data.article;
    const { body: servers } = await demo.execute(`{ image(slug: "salle-serveurs-refroidissement") { id } }`);
    const gallery = await mutate(demo, key, 'setArticleImages', {
      article: article.id,
      images: [{ image: created.image.id, caption: 'Le marché, samedi soir' }, { image: servers.data.image.id }],
    }, 'article { images { totalCount edges { caption node { slug caption } } } }');
    expect(gallery.errors).toEqual([]);
    expect(gallery.article.images).toEqual({
      totalCount: 2,
      edges: [
        { caption: 'Le marché, samedi soir', node: { slug: 'marche-de-noel', caption: 'Place de la mairie' } },
        { caption: null, node: { slug: 'salle-serveurs-refroidissement', caption: null } },
      ],
    });

    const inUse = await mutate(demo, key, 'deleteImage', { id: created.image.id }, 'image { id }');
    expect(inUse.errors).toEqual([expect.objectContaining({ code: 'IN_USE', message: expect.stringContaining('1 article') })]);
    const restored = article.images.edges.map((edge: any) => ({ image: edge.node.id, caption: edge.caption }));
    expect((await mutate(demo, key, 'setArticleImages', { article: article.id, images: restored })).errors).toEqual([]);
    const deleted = await mutate(demo, key, 'deleteImage', { id: created.image.id }, 'image { slug }');
    expect(deleted).toEqual({ image: { slug: 'marche-de-noel' }, errors: [] });
  });
});
