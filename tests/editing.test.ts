import { sql } from 'kysely';
import { revokeApiKey } from '../src/repositories/api-key.js';
import type { TestGateway } from './support/gateway.js';
import { describe, expect, test } from './support/gateway.js';

const createArticle = /* GraphQL */ `
  mutation ($input: CreateArticleInput!) {
    createArticle(input: $input) { article { id slug status version } errors { path message code } }
  }
`;
const updateArticle = /* GraphQL */ `
  mutation ($input: UpdateArticleInput!) {
    updateArticle(input: $input) { article { title version } errors { path code message currentVersion } }
  }
`;
const publishArticle = /* GraphQL */ `
  mutation ($input: ArticleStatusInput!) { publishArticle(input: $input) { article { status version publishedAt } errors { code } } }
`;
const linkArticle = /* GraphQL */ `
  mutation ($input: LinkArticleInput!) { linkArticle(input: $input) { article { people { edges { role node { slug } } } } errors { path code } } }
`;

async function countRows(gateway: TestGateway) {
  const { rows } = await sql<{ articles: string; audits: string; links: string }>`
    select (select count(*) from article) as articles, (select count(*) from audit_log) as audits,
           (select count(*) from article_person) as links
  `.execute(gateway.database.db);
  return rows[0];
}

async function idOf(gateway: TestGateway, query: string) {
  const { body } = await gateway.execute(query);
  return Object.values(body.data as Record<string, { id: string }>)[0]!.id;
}

describe('API keys', () => {
  test('no key reads published content; a malformed, unknown or revoked key gets 401, never a downgrade', async ({ seeded }) => {
    const anonymous = await seeded.execute(`{ articles { totalCount } }`);
    expect(anonymous.status).toBe(200);

    const readKey = await seeded.createKey(['read']);
    expect((await seeded.execute(`{ articles { totalCount } }`, {}, { key: readKey })).status).toBe(200);

    for (const header of ['Basic abc', 'Bearer', 'Bearer not-one-of-ours', `Bearer ${readKey.slice(0, -2)}xx`]) {
      const response = await seeded.yoga.fetch('http://gateway/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: header },
        body: JSON.stringify({ query: '{ articles { totalCount } }' }),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      const body = await response.json();
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(body.data).toBeUndefined();
    }

    await revokeApiKey(seeded.database.db, readKey.split('_')[1]!);
    const revoked = await seeded.execute(`{ articles { totalCount } }`, {}, { key: readKey });
    expect(revoked.status).toBe(401);
    expect(revoked.body.errors[0].message).toMatch(/has been revoked/);
    expect(JSON.stringify(revoked.body)).not.toContain(readKey);
  });

  test('a key never shows in the logs, even when a request fails', async ({ seeded }) => {
    const editorKey = await seeded.createKey(['editor']);
    await seeded.execute(`{ articles { edges { node { title } } } }`, {}, { key: editorKey });
    await seeded.execute(`{ broken`, {}, { key: editorKey });
    await seeded.execute(`{ articles { totalCount } }`, {}, { key: `${editorKey}x` });
    // The secret is everything after `cgw_<prefix>_`: it may itself contain underscores.
    const secret = editorKey.slice('cgw_'.length + 11);
    expect(secret).toHaveLength(43);
    expect(seeded.logLines().length).toBeGreaterThan(0);
    for (const line of seeded.logLines()) expect(line).not.toContain(secret);
  });
});

describe('editing articles', () => {
  test('writing needs the editor scope; a refused mutation writes nothing', async ({ seeded }) => {
    const before = await countRows(seeded);
    const input = { kind: 'EXPERT', title: 'Un essai', language: 'fr' };
    const anonymous = await seeded.execute(createArticle, { input });
    expect(anonymous.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const partner = await seeded.execute(createArticle, { input }, { key: await seeded.createKey(['read', 'partner']) });
    expect(partner.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(partner.body.errors[0].message).toBe('Not allowed: Mutation.createArticle needs an API key with the editor scope (Authorization: Bearer <key>).');
    expect(partner.body.errors[0].extensions.scope).toBe('editor');
    expect(await countRows(seeded)).toEqual(before);
  });

  test('one invalid field: typed errors in the payload, and nothing written at all', async ({ seeded }) => {
    const editor = await seeded.createKey(['editor']);
    const before = await countRows(seeded);
    const { body } = await seeded.execute(
      createArticle,
      { input: { kind: 'NEWS', title: 'Un titre', language: 'français', originalUrl: 'ftp://x', slug: 'Pas Un Slug' } },
      { key: editor },
    );
    expect(body.data.createArticle.article).toBeNull();
    expect(body.data.createArticle.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: ['language'], code: 'INVALID_FORMAT' }),
        expect.objectContaining({ path: ['originalUrl'], code: 'INVALID_FORMAT' }),
        expect.objectContaining({ path: ['slug'], code: 'INVALID_FORMAT' }),
      ]),
    );
    const noSource = await seeded.execute(createArticle, { input: { kind: 'NEWS', title: 'Un titre', language: 'fr' } }, { key: editor });
    expect(noSource.body.data.createArticle.errors).toEqual([{ path: ['source'], code: 'REQUIRED', message: 'a news article needs its source' }]);
    expect(await countRows(seeded)).toEqual(before);
  });

  test('slugs come from titles, French-aware and unique; a taken slug is refused', async ({ seeded }) => {
    const editor = await seeded.createKey(['editor']);
    const input = { kind: 'EXPERT', title: 'Données & IA à Valence', language: 'fr' };
    const first = await seeded.execute(createArticle, { input }, { key: editor });
    const second = await seeded.execute(createArticle, { input }, { key: editor });
    expect(first.body.data.createArticle.article.slug).toBe('donnees-ia-a-valence');
    expect(second.body.data.createArticle.article.slug).toBe('donnees-ia-a-valence-2');
    const taken = await seeded.execute(createArticle, { input: { ...input, slug: 'donnees-ia-a-valence' } }, { key: editor });
    expect(taken.body.data.createArticle.errors).toEqual([
      { path: ['slug'], code: 'SLUG_TAKEN', message: 'another article has the slug "donnees-ia-a-valence"' },
    ]);
  });

  test('two updates with the same version: exactly one wins, the other gets the conflict and loses nothing', async ({ seeded }) => {
    const editor = await seeded.createKey(['editor']);
    const created = await seeded.execute(createArticle, { input: { kind: 'EXPERT', title: 'Version 1', language: 'fr' } }, { key: editor });
    const { id, version } = created.body.data.createArticle.article;
    const results = await Promise.all(
      ['Titre de Alice', 'Titre de Bob'].map((title) => seeded.execute(updateArticle, { input: { id, version, title } }, { key: editor })),
    );
    const payloads = results.map((result) => result.body.data.updateArticle);
    const winners = payloads.filter((payload) => payload.errors.length === 0);
    const losers = payloads.filter((payload) => payload.errors.length > 0);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0].errors).toEqual([
      expect.objectContaining({ path: ['version'], code: 'VERSION_CONFLICT', currentVersion: version + 1 }),
    ]);
    const stored = await seeded.execute(`query ($id: ID!) { node(id: $id) { ... on Article { title version } } }`, { id }, { key: editor });
    expect(stored.body.data.node).toEqual({ title: winners[0].article.title, version: version + 1 });
  });

  test('the round trip: a draft is private until published, then everyone reads it', async ({ seeded }) => {
    const editor = await seeded.createKey(['editor']);
    const readers = { anonymous: undefined, read: await seeded.createKey(['read']), partner: await seeded.createKey(['partner']) };
    const sourceId = await idOf(seeded, `{ source(slug: "le-journal-du-dimanche") { id } }`);
    const personId = await idOf(seeded, `{ person(slug: "nicolas-daragon") { id } }`);
    const topicId = await idOf(seeded, `{ topic(slug: "valence") { id } }`);

    const created = await seeded.execute(
      createArticle,
      { input: { kind: 'NEWS', title: 'Valence : le chantier démarre', language: 'fr', source: sourceId } },
      { key: editor },
    );
    const draft = created.body.data.createArticle.article;
    expect(draft).toMatchObject({ slug: 'valence-le-chantier-demarre', status: 'DRAFT', version: 1 });
    const linked = await seeded.execute(linkArticle, { input: { article: draft.id, entity: personId, role: 'QUOTED' } }, { key: editor });
    expect(linked.body.data.linkArticle.article.people.edges).toEqual([{ role: 'QUOTED', node: { slug: 'nicolas-daragon' } }]);
    const filed = await seeded.execute(linkArticle, { input: { article: draft.id, entity: topicId } }, { key: editor });
    expect(filed.body.data.linkArticle.errors).toEqual([]);

    // Every path a reader could take to the draft.
    const paths = /* GraphQL */ `
      query ($id: ID!, $slug: String!) {
        bySlug: article(slug: $slug) { slug }
        byId: article(id: $id) { slug }
        node(id: $id) { id }
        nodes(ids: [$id]) { id }
        articles(first: 100) { edges { node { slug } } }
        source(slug: "le-journal-du-dimanche") { articles { totalCount edges { node { slug } } } }
        person(slug: "nicolas-daragon") { articles { totalCount edges { node { slug } } } }
        topic(slug: "valence") { articles { edges { node { slug } } } }
      }
    `;
    const variables = { id: draft.id, slug: draft.slug };
    const sees = (body: any) => JSON.stringify(body.data).includes(draft.slug);
    for (const key of Object.values(readers)) {
      const { body } = await seeded.execute(paths, variables, { key });
      expect(body.errors).toBeUndefined();
      expect(body.data).toMatchObject({ bySlug: null, byId: null, node: null, nodes: [null] });
      expect(sees(body)).toBe(false);
      expect(body.data.source.articles.totalCount).toBe(1);
    }
    const asEditor = await seeded.execute(paths, variables, { key: editor });
    expect(asEditor.body.data.bySlug).toEqual({ slug: draft.slug });
    expect(asEditor.body.data.person.articles.edges).toContainEqual({ node: { slug: draft.slug } });
    expect(asEditor.body.data.source.articles.totalCount).toBe(2);

    const published = await seeded.execute(publishArticle, { input: { id: draft.id, version: 1 } }, { key: editor });
    expect(published.body.data.publishArticle.article).toMatchObject({ status: 'PUBLISHED', version: 2 });
    const anonymous = await seeded.execute(paths, variables);
    expect(anonymous.body.data.bySlug).toEqual({ slug: draft.slug });
    expect(anonymous.body.data.topic.articles.edges).toContainEqual({ node: { slug: draft.slug } });
  });

  test('archiving hides an article from readers; the audit log says who did what, to editors only', async ({ seeded }) => {
    const editor = await seeded.createKey(['editor'], 'Rédaction');
    const { body } = await seeded.execute(`{ article(slug: "ia-mega-data-center-valence-sesterce") { id version } }`);
    const { id, version } = body.data.article;
    const archived = await seeded.execute(
      `mutation ($input: ArticleStatusInput!) { archiveArticle(input: $input) { article { status } errors { code } } }`,
      { input: { id, version } },
      { key: editor },
    );
    expect(archived.body.data.archiveArticle).toEqual({ article: { status: 'ARCHIVED' }, errors: [] });
    expect((await seeded.execute(`{ article(slug: "ia-mega-data-center-valence-sesterce") { id } }`)).body.data.article).toBeNull();

    const log = `{ auditLog(first: 1, entityType: "article") { totalCount edges { node { actor keyPrefix action entityType details } } } }`;
    const asEditor = await seeded.execute(log, {}, { key: editor });
    expect(asEditor.body.data.auditLog.edges[0].node).toMatchObject({
      actor: 'Rédaction',
      keyPrefix: editor.split('_')[1],
      action: 'article.archive',
      entityType: 'article',
      details: { input: { id, version } },
    });
    const asReader = await seeded.execute(log);
    expect(asReader.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  test('pinned related articles are stored in order; pinning an article to itself is refused', async ({ seeded }) => {
    const editor = await seeded.createKey(['editor']);
    const ids = await seeded.execute(`{ articles(first: 3) { edges { node { id } } } }`);
    const [a, b, c] = ids.body.data.articles.edges.map((edge: any) => edge.node.id);
    const pin = `mutation ($input: PinRelatedArticlesInput!) { pinRelatedArticles(input: $input) { errors { path code } } }`;
    expect((await seeded.execute(pin, { input: { article: a, related: [c, b] } }, { key: editor })).body.data.pinRelatedArticles.errors).toEqual([]);
    const { rows } = await sql<{ position: number }>`select position from article_related order by position`.execute(seeded.database.db);
    expect(rows).toHaveLength(2);
    const self = await seeded.execute(pin, { input: { article: a, related: [a] } }, { key: editor });
    expect(self.body.data.pinRelatedArticles.errors).toEqual([{ path: ['related', '0'], code: 'INVALID' }]);
  });
});
