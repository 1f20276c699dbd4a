import { sql } from 'kysely';
import { encodeGlobalId } from '../src/schema/global-id.js';
import { describe, expect, test, type TestGateway } from './support/gateway.js';

// The write side of sources, people, organisations, projects, affiliations and topics: every
// entity goes through create, read back, update, a stale update, a refused delete while linked
// and a delete once unlinked; invalid input and missing scopes write nothing at all.

const errors = 'errors { path message code currentVersion }';

/** Runs `name(input:)` and returns its payload; the operation itself must not fail. */
async function mutate(gateway: TestGateway, key: string, name: string, input: Record<string, unknown>, selection = '') {
  const inputType = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
  const { body } = await gateway.execute(
    /* GraphQL */ `mutation ($input: ${inputType}!) { ${name}(input: $input) { ${selection} ${errors} } }`,
    { input },
    { key },
  );
  expect(body.errors).toBeUndefined();
  return body.data[name];
}

const counted = ['source', 'person', 'organisation', 'project', 'topic', 'affiliation', 'project_organisation', 'audit_log'];

/** Rows in every table a mutation here may write, the audit log included: one statement. */
async function rowCounts(gateway: TestGateway): Promise<Record<string, number>> {
  const columns = sql.join(counted.map((table) => sql`(select count(*) from ${sql.table(table)})::int as ${sql.ref(table)}`));
  const { rows } = await sql<Record<string, number>>`select ${columns}`.execute(gateway.database.db);
  return rows[0]!;
}

async function seededArticle(gateway: TestGateway, key: string): Promise<{ id: string; version: number }> {
  const { body } = await gateway.execute(`{ article(slug: "ia-mega-data-center-valence-sesterce") { id version } }`, {}, { key });
  return body.data.article;
}

async function idOf(gateway: TestGateway, field: string, slug: string): Promise<string> {
  const { body } = await gateway.execute(`query ($slug: String) { ${field}(slug: $slug) { id } }`, { slug });
  return body.data[field].id;
}

interface Lifecycle {
  type: string;
  /** The payload field, and the root lookup that reads it back. */
  field: string;
  selection: string;
  create: Record<string, unknown>;
  created: Record<string, unknown>;
  update: Record<string, unknown>;
  updated: Record<string, unknown>;
  /** Links the new row to articles (and more); returns what undoes it. */
  link(gateway: TestGateway, key: string, id: string): Promise<() => Promise<void>>;
  inUse: string;
}

/** Links an entity to the seed article with linkArticle; unlinkArticle undoes it. */
async function linkToSeedArticle(gateway: TestGateway, key: string, entity: string, role?: string) {
  const article = (await seededArticle(gateway, key)).id;
  const linked = await mutate(gateway, key, 'linkArticle', { article, entity, ...(role && { role }) });
  expect(linked.errors).toEqual([]);
  return async () => expect((await mutate(gateway, key, 'unlinkArticle', { article, entity })).errors).toEqual([]);
}

const lifecycles: Lifecycle[] = [
  {
    type: 'Source',
    field: 'source',
    selection: 'slug name kind homepageUrl feedUrl country language',
    create: { name: 'Ouest-France', kind: 'PRESS', homepageUrl: 'https://www.ouest-france.fr', country: 'FR', language: 'fr' },
    created: { slug: 'ouest-france', name: 'Ouest-France', kind: 'PRESS', feedUrl: null, country: 'FR', language: 'fr' },
    update: { name: 'Ouest France', feedUrl: 'https://www.ouest-france.fr/rss', homepageUrl: null },
    updated: { slug: 'ouest-france', name: 'Ouest France', homepageUrl: null, feedUrl: 'https://www.ouest-france.fr/rss' },
    async link(gateway, key, source) {
      const created = await mutate(gateway, key, 'createArticle', { kind: 'NEWS', title: 'Brève', language: 'fr', source }, 'article { id }');
      const article = created.article.id;
      const jdd = await idOf(gateway, 'source', 'le-journal-du-dimanche');
      return async () => expect((await mutate(gateway, key, 'updateArticle', { id: article, version: 1, source: jdd })).errors).toEqual([]);
    },
    inUse: 'this source is still linked to 1 article: unlink it first',
  },
  {
    type: 'Person',
    field: 'person',
    selection: 'slug fullName description affiliations { title }',
    create: { fullName: 'Marie-Hélène Lefèvre', description: 'Ingénieure' },
    created: { slug: 'marie-helene-lefevre', fullName: 'Marie-Hélène Lefèvre', description: 'Ingénieure', affiliations: [] },
    update: { description: null, slug: 'mh-lefevre' },
    updated: { slug: 'mh-lefevre', fullName: 'Marie-Hélène Lefèvre', description: null },
    async link(gateway, key, person) {
      // An affiliation does not hold a person back: it goes with them.
      const organisation = await idOf(gateway, 'organisation', 'sesterce');
      expect((await mutate(gateway, key, 'createAffiliation', { person, organisation, title: 'Directrice' })).errors).toEqual([]);
      return linkToSeedArticle(gateway, key, person, 'QUOTED');
    },
    inUse: 'this person is still linked to 1 article: unlink it first',
  },
  {
    type: 'Organisation',
    field: 'organisation',
    selection: 'slug name kind websiteUrl description country',
    create: { name: 'Région Auvergne-Rhône-Alpes', kind: 'LOCAL_AUTHORITY', country: 'FR' },
    created: { slug: 'region-auvergne-rhone-alpes', kind: 'LOCAL_AUTHORITY', websiteUrl: null, country: 'FR' },
    update: { websiteUrl: 'https://www.auvergnerhonealpes.fr', kind: 'PUBLIC_BODY' },
    updated: { slug: 'region-auvergne-rhone-alpes', kind: 'PUBLIC_BODY', websiteUrl: 'https://www.auvergnerhonealpes.fr' },
    async link(gateway, key, organisation) {
      const project = await idOf(gateway, 'project', 'data-center-ia-valence-rovaltain');
      const person = await idOf(gateway, 'person', 'nicolas-daragon');
      expect((await mutate(gateway, key, 'linkProjectOrganisation', { project, organisation, role: 'INVESTOR' })).errors).toEqual([]);
      const affiliation = await mutate(gateway, key, 'createAffiliation', { person, organisation, title: 'Vice-président' }, 'affiliation { id }');
      const unlinkArticle = await linkToSeedArticle(gateway, key, organisation, 'MENTIONED');
      return async () => {
        await unlinkArticle();
        expect((await mutate(gateway, key, 'unlinkProjectOrganisation', { project, organisation })).errors).toEqual([]);
        expect((await mutate(gateway, key, 'deleteAffiliation', { id: affiliation.affiliation.id })).errors).toEqual([]);
      };
    },
    inUse: 'this organisation is still linked to 1 article, 1 project, and 1 affiliation: unlink it first',
  },
  {
    type: 'Project',
    field: 'project',
    selection: 'slug name status showcase budget { amount currency } location { name country } startedOn endedOn',
    create: { name: 'Réseau de chaleur de Valence', status: 'IN_PROGRESS', showcase: true, startedOn: '2024-03-01' },
    created: { slug: 'reseau-de-chaleur-de-valence', status: 'IN_PROGRESS', showcase: true, budget: null, location: null, startedOn: '2024-03-01' },
    update: { budget: { amount: '12000000.50', currency: 'EUR' }, location: { name: 'Valence (Drôme)', country: 'FR' }, endedOn: '2026-12-31' },
    updated: {
      budget: { amount: '12000000.50', currency: 'EUR' },
      location: { name: 'Valence (Drôme)', country: 'FR' },
      startedOn: '2024-03-01',
      endedOn: '2026-12-31',
    },
    async link(gateway, key, project) {
      // Its organisations do not hold a project back: they go with it.
      const organisation = await idOf(gateway, 'organisation', 'ville-de-valence');
      expect((await mutate(gateway, key, 'linkProjectOrganisation', { project, organisation, role: 'OWNER' })).errors).toEqual([]);
      const unlink = await linkToSeedArticle(gateway, key, project, 'SUBJECT');
      // Read through the article's links, the budget keeps its exact digits.
      const { body } = await gateway.execute(`{ article(slug: "ia-mega-data-center-valence-sesterce") { projects { edges { node { slug budget { amount } } } } } }`);
      expect(body.data.article.projects.edges).toContainEqual({ node: { slug: 'reseau-de-chaleur-de-valence', budget: { amount: '12000000.50' } } });
      return unlink;
    },
    inUse: 'this project is still linked to 1 article: unlink it first',
  },
  {
    type: 'Topic',
    field: 'topic',
    selection: 'slug name',
    create: { name: 'Énergie & climat' },
    created: { slug: 'energie-climat', name: 'Énergie & climat' },
    update: { name: 'Énergie et climat' },
    updated: { slug: 'energie-climat', name: 'Énergie et climat' },
    link: (gateway, key, topic) => linkToSeedArticle(gateway, key, topic),
    inUse: 'this topic is still linked to 1 article: unlink it first',
  },
];

describe('entity mutations', () => {
  test.for(lifecycles)('$type: create, read back, update, stale update, delete refused while linked, delete', async (entity, { seeded }) => {
    const key = await seeded.createKey(['editor'], `${entity.type} editor`);
    const versioned = entity.type !== 'Topic';
    const selection = `${entity.field} { id ${versioned ? 'version' : ''} ${entity.selection} }`;
    const create = `create${entity.type}`;
    const update = `update${entity.type}`;
    const remove = `delete${entity.type}`;

    const created = await mutate(seeded, key, create, entity.create, selection);
    expect(created.errors).toEqual([]);
    const { id } = created[entity.field];
    expect(created[entity.field]).toMatchObject({ ...entity.created, ...(versioned && { version: 1 }) });
    const readBack = await seeded.execute(`query ($id: ID) { ${entity.field}(id: $id) { ${entity.selection} } }`, { id });
    expect(readBack.body.data[entity.field]).toMatchObject(entity.created);
    const audit = await seeded.database.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor: `${entity.type} editor`, action: `${entity.field}.create`, entity_type: entity.field });

    const updated = await mutate(seeded, key, update, { id, ...(versioned && { version: 1 }), ...entity.update }, selection);
    expect(updated.errors).toEqual([]);
    expect(updated[entity.field]).toMatchObject({ ...entity.updated, ...(versioned && { version: 2 }) });

    if (versioned) {
      // Another editor still holding version 1: refused, and the first change stays.
      const stale = await mutate(seeded, key, update, { id, version: 1, ...entity.create }, selection);
      expect(stale).toEqual({
        [entity.field]: null,
        errors: [{ path: ['version'], code: 'VERSION_CONFLICT', currentVersion: 2, message: expect.stringMatching(/now version 2/) }],
      });
      const after = await seeded.execute(`query ($id: ID) { ${entity.field}(id: $id) { ${entity.selection} } }`, { id });
      expect(after.body.data[entity.field]).toMatchObject(entity.updated);
    }

    const unlink = await entity.link(seeded, key, id);
    const before = await rowCounts(seeded);
    const refused = await mutate(seeded, key, remove, { id }, `${entity.field} { id }`);
    expect(refused).toEqual({ [entity.field]: null, errors: [{ path: ['id'], code: 'IN_USE', message: entity.inUse, currentVersion: null }] });
    expect(await rowCounts(seeded)).toEqual(before);

    await unlink();
    const deleted = await mutate(seeded, key, remove, { id }, `${entity.field} { id }`);
    expect(deleted).toEqual({ [entity.field]: { id }, errors: [] });
    const gone = await seeded.execute(`query ($id: ID!) { node(id: $id) { id } }`, { id });
    expect(gone.body.data.node).toBeNull();
    const again = await mutate(seeded, key, remove, { id });
    expect(again.errors).toMatchObject([{ path: ['id'], code: 'NOT_FOUND' }]);
  });

  test('slugs are made from names, French-aware and unique; a taken slug is refused', async ({ seeded }) => {
    const key = await seeded.createKey(['editor']);
    const create = (input: Record<string, unknown>) =>
      mutate(seeded, key, 'createOrganisation', { kind: 'COMPANY', ...input }, 'organisation { id slug }');
    const first = await create({ name: 'Société Générale & Cie' });
    expect(first.organisation.slug).toBe('societe-generale-cie');
    expect((await create({ name: 'SOCIÉTÉ GÉNÉRALE & CIE' })).organisation.slug).toBe('societe-generale-cie-2');

    const before = await rowCounts(seeded);
    const taken = await create({ name: 'Une autre', slug: 'sesterce' });
    expect(taken).toMatchObject({ organisation: null, errors: [{ path: ['slug'], code: 'SLUG_TAKEN' }] });
    expect(taken.errors[0].message).toMatch(/another organisation has the slug "sesterce"/);
    const renamed = await mutate(seeded, key, 'updateOrganisation', { id: first.organisation.id, version: 1, slug: 'sesterce' });
    expect(renamed.errors).toMatchObject([{ path: ['slug'], code: 'SLUG_TAKEN' }]);
    const topic = await mutate(seeded, key, 'createTopic', { name: 'Autre', slug: 'valence' });
    expect(topic.errors).toMatchObject([{ path: ['slug'], code: 'SLUG_TAKEN' }]);
    expect(await rowCounts(seeded)).toEqual(before);

    const topic2 = await mutate(seeded, key, 'createTopic', { name: 'Œuvres & Été' }, 'topic { id slug }');
    expect(topic2.topic.slug).toBe('oeuvres-ete');
    const untouched = await mutate(seeded, key, 'updateTopic', { id: topic2.topic.id }, 'topic { slug }');
    expect(untouched).toEqual({ topic: { slug: 'oeuvres-ete' }, errors: [] });

    // Keeping its own slug is no conflict.
    const same = await mutate(seeded, key, 'updateOrganisation', { id: first.organisation.id, version: 1, slug: 'societe-generale-cie' });
    expect(same.errors).toEqual([]);
  });

  test('a project budget is exact money, both amount and currency or neither', async ({ seeded }) => {
    const key = await seeded.createKey(['editor']);
    const selection = 'project { id version budget { amount currency } }';
    const created = await mutate(seeded, key, 'createProject', { name: 'Campus IA', budget: { amount: '450000000.50', currency: 'EUR' } }, selection);
    expect(created.project.budget).toEqual({ amount: '450000000.50', currency: 'EUR' });
    const stored = await seeded.database.db.selectFrom('project').select(['budget_amount', 'budget_currency']).where('slug', '=', 'campus-ia').executeTakeFirstOrThrow();
    expect(stored).toEqual({ budget_amount: '450000000.50', budget_currency: 'EUR' });

    const { id } = created.project;
    const before = await rowCounts(seeded);
    for (const [budget, path, code] of [
      [{ amount: '4.5e8', currency: 'EUR' }, ['budget', 'amount'], 'INVALID_FORMAT'],
      [{ amount: '-10', currency: 'EUR' }, ['budget', 'amount'], 'INVALID_FORMAT'],
      [{ amount: '10.123456', currency: 'EUR' }, ['budget', 'amount'], 'INVALID_FORMAT'],
      [{ amount: '10', currency: 'EUROS' }, ['budget', 'currency'], 'INVALID'],
      [{ amount: '10', currency: 'XYZ' }, ['budget', 'currency'], 'INVALID'],
    ] as const) {
      const refused = await mutate(seeded, key, 'updateProject', { id, version: 1, budget }, selection);
      expect(refused, JSON.stringify(budget)).toMatchObject({ project: null, errors: [{ path, code }] });
    }
    // Half a budget is not a budget: GraphQL itself refuses a MoneyInput without its currency.
    const half = await seeded.execute(`mutation ($id: ID!) { updateProject(input: { id: $id, version: 1, budget: { amount: "10" } }) { errors { code } } }`, { id }, { key });
    expect(half.body.errors[0].message).toMatch(/currency/);
    expect(await rowCounts(seeded)).toEqual(before);

    const cleared = await mutate(seeded, key, 'updateProject', { id, version: 1, budget: null }, selection);
    expect(cleared.project).toMatchObject({ version: 2, budget: null });
  });

  test('dates are checked: an end before the start is refused', async ({ seeded }) => {
    const key = await seeded.createKey(['editor']);
    const refused = await mutate(seeded, key, 'createProject', { name: 'Trop tôt', startedOn: '2025-02-01', endedOn: '2025-01-31' });
    expect(refused.errors).toMatchObject([{ path: ['endedOn'], code: 'INVALID', message: 'must not be before startedOn (2025-02-01)' }]);
    const badDay = await mutate(seeded, key, 'createProject', { name: 'Mauvaise date', startedOn: '2025-02-30' });
    expect(badDay.errors).toMatchObject([{ path: ['startedOn'], code: 'INVALID_FORMAT' }]);

    // The stored start counts when only the end changes.
    const created = await mutate(seeded, key, 'createProject', { name: 'Daté', startedOn: '2025-02-01' }, 'project { id }');
    const update = await mutate(seeded, key, 'updateProject', { id: created.project.id, version: 1, endedOn: '2024-12-31' });
    expect(update.errors).toMatchObject([{ path: ['endedOn'], code: 'INVALID' }]);
  });

  test('a mutation with one invalid field writes nothing', async ({ seeded }) => {
    const key = await seeded.createKey(['editor']);
    const before = await rowCounts(seeded);
    const source = await mutate(seeded, key, 'createSource', {
      name: 'France Bleu',
      kind: 'PRESS',
      homepageUrl: 'ftp://francebleu.fr',
      country: 'FR',
      language: 'fr',
    });
    expect(source).toEqual({ errors: [{ path: ['homepageUrl'], code: 'INVALID_FORMAT', message: 'must be an http(s) URL', currentVersion: null }] });

    const several = await mutate(seeded, key, 'createSource', { name: '', kind: 'BLOG', country: 'France', language: 'français' });
    expect(several.errors.map((error: any) => [error.path.join('.'), error.code])).toEqual([
      ['name', 'REQUIRED'],
      ['country', 'INVALID_FORMAT'],
      ['language', 'INVALID_FORMAT'],
    ]);
    const longName = await mutate(seeded, key, 'createPerson', { fullName: 'x'.repeat(301) });
    expect(longName.errors).toMatchObject([{ path: ['fullName'], code: 'TOO_LONG' }]);
    const badSlug = await mutate(seeded, key, 'createTopic', { name: 'IA', slug: 'Pas Un Slug' });
    expect(badSlug.errors).toMatchObject([{ path: ['slug'], code: 'INVALID_FORMAT' }]);
    expect(await rowCounts(seeded)).toEqual(before);
  });

  test('linked ids must name a row of the right type', async ({ seeded }) => {
    const key = await seeded.createKey(['editor']);
    const person = await idOf(seeded, 'person', 'nicolas-daragon');
    const organisation = await idOf(seeded, 'organisation', 'sesterce');
    const before = await rowCounts(seeded);
    const wrongType = await mutate(seeded, key, 'createAffiliation', { person: organisation, organisation });
    expect(wrongType.errors).toMatchObject([{ path: ['person'], code: 'INVALID_ID', message: 'must be the id of a Person, not of a Organisation' }]);
    const garbage = await mutate(seeded, key, 'linkProjectOrganisation', { project: 'nope', organisation, role: 'HOST' });
    expect(garbage.errors).toMatchObject([{ path: ['project'], code: 'INVALID_ID' }]);
    const missing = await mutate(seeded, key, 'createAffiliation', { person, organisation: encodeGlobalId('Organisation', 999999) });
    expect(missing.errors).toMatchObject([{ path: ['organisation'], code: 'NOT_FOUND' }]);
    const missingUpdate = await mutate(seeded, key, 'updateSource', { id: encodeGlobalId('Source', 999999), version: 1, name: 'X' });
    expect(missingUpdate.errors).toMatchObject([{ path: ['id'], code: 'NOT_FOUND' }]);
    expect(await rowCounts(seeded)).toEqual(before);
  });

  test('without the editor scope: FORBIDDEN, nothing written', async ({ seeded }) => {
    const reader = await seeded.createKey(['read']);
    const partner = await seeded.createKey(['read', 'partner']);
    const before = await rowCounts(seeded);
    for (const key of [reader, partner, undefined]) {
      const response = await seeded.execute(
        /* GraphQL */ `mutation { createTopic(input: { name: "Interdit" }) { topic { id } errors { code } } }`,
        {},
        key ? { key } : {},
      );
      expect(response.body.data).toBeNull();
      expect(response.body.errors[0].extensions.code).toBe('FORBIDDEN');
    }
    const seededSource = await idOf(seeded, 'source', 'le-journal-du-dimanche');
    const deleting = await seeded.execute(
      /* GraphQL */ `mutation ($id: ID!) { deleteSource(input: { id: $id }) { errors { code } } }`,
      { id: seededSource },
      { key: reader },
    );
    expect(deleting.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(await rowCounts(seeded)).toEqual(before);
  });

  test('affiliations: create, fetch by id, update, duplicates and dates refused, delete', async ({ seeded }) => {
    const key = await seeded.createKey(['editor']);
    const person = await idOf(seeded, 'person', 'clara-chappaz');
    const organisation = await idOf(seeded, 'organisation', 'sesterce');
    const selection = 'affiliation { id title startedOn endedOn person { slug } organisation { slug } }';
    const created = await mutate(seeded, key, 'createAffiliation', { person, organisation, title: 'Conseillère', startedOn: '2019-01-01' }, selection);
    expect(created.affiliation).toMatchObject({
      title: 'Conseillère',
      startedOn: '2019-01-01',
      endedOn: null,
      person: { slug: 'clara-chappaz' },
      organisation: { slug: 'sesterce' },
    });
    const { id } = created.affiliation;
    const node = await seeded.execute(`query ($id: ID!) { node(id: $id) { ... on Affiliation { title } } }`, { id });
    expect(node.body.data.node).toEqual({ title: 'Conseillère' });

    const duplicate = await mutate(seeded, key, 'createAffiliation', { person, organisation, title: 'Conseillère' });
    expect(duplicate.errors).toMatchObject([{ path: ['title'], code: 'ALREADY_EXISTS', message: 'this person already holds this title in this organisation' }]);
    const early = await mutate(seeded, key, 'updateAffiliation', { id, endedOn: '2018-12-31' });
    expect(early.errors).toMatchObject([{ path: ['endedOn'], code: 'INVALID' }]);

    const ended = await mutate(seeded, key, 'updateAffiliation', { id, endedOn: '2024-09-21' }, selection);
    expect(ended.affiliation).toMatchObject({ title: 'Conseillère', startedOn: '2019-01-01', endedOn: '2024-09-21' });
    // Nothing to change is no error: the affiliation as it is.
    const unchanged = await mutate(seeded, key, 'updateAffiliation', { id }, selection);
    expect(unchanged).toMatchObject({ affiliation: { title: 'Conseillère', endedOn: '2024-09-21' }, errors: [] });
    const listed = await seeded.execute(`{ person(slug: "clara-chappaz") { affiliations { title endedOn } } }`);
    expect(listed.body.data.person.affiliations).toContainEqual({ title: 'Conseillère', endedOn: '2024-09-21' });

    const deleted = await mutate(seeded, key, 'deleteAffiliation', { id }, 'affiliation { id title }');
    expect(deleted).toEqual({ affiliation: { id, title: 'Conseillère' }, errors: [] });
    expect((await seeded.execute(`query ($id: ID!) { node(id: $id) { id } }`, { id })).body.data.node).toBeNull();
  });

  test("a project's organisations: link with a role and a position, re-link, unlink", async ({ seeded }) => {
    const key = await seeded.createKey(['editor']);
    const project = await idOf(seeded, 'project', 'data-center-ia-valence-rovaltain');
    const organisation = await idOf(seeded, 'organisation', 'gouvernement-francais');
    const selection = 'project { organisations { edges { role node { slug } } } }';
    const slugsAndRoles = (payload: any) => payload.project.organisations.edges.map((edge: any) => `${edge.node.slug}:${edge.role}`);

    // Without a position it goes last; linking again changes the role and keeps the place.
    const linked = await mutate(seeded, key, 'linkProjectOrganisation', { project, organisation, role: 'INVESTOR' }, selection);
    expect(slugsAndRoles(linked)).toEqual(['sesterce:OWNER', 'ville-de-valence:HOST', 'gouvernement-francais:INVESTOR']);
    const relinked = await mutate(seeded, key, 'linkProjectOrganisation', { project, organisation, role: 'PARTNER' }, selection);
    expect(slugsAndRoles(relinked)).toEqual(['sesterce:OWNER', 'ville-de-valence:HOST', 'gouvernement-francais:PARTNER']);
    const moved = await mutate(seeded, key, 'linkProjectOrganisation', { project, organisation, role: 'PARTNER', position: 1 }, selection);
    expect(slugsAndRoles(moved)).toEqual(['sesterce:OWNER', 'gouvernement-francais:PARTNER', 'ville-de-valence:HOST']);

    const unlinked = await mutate(seeded, key, 'unlinkProjectOrganisation', { project, organisation }, selection);
    expect(slugsAndRoles(unlinked)).toEqual(['sesterce:OWNER', 'ville-de-valence:HOST']);
    const again = await mutate(seeded, key, 'unlinkProjectOrganisation', { project, organisation });
    expect(again.errors).toMatchObject([{ path: ['organisation'], code: 'NOT_FOUND' }]);
  });
});
