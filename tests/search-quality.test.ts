import { seedOnFirstStart } from '../src/content/bootstrap.js';
import { test as gatewayTest, type TestGateway } from './support/gateway.js';
import { describe, expect } from 'vitest';
import { HIT_TYPE_AND_SLUG } from '../scripts/search-quality.js';

// Search as readers type it (issue 13), on the content of a first start: the seed story, the
// demo set and the starter synonyms. Partial matches, synonyms (and the editors' mutations for
// them), corrected typos and the dictionary that feeds them, one scale for every type.

const test = gatewayTest.extend<{ site: TestGateway; editorKey: string }>({
  site: [
    async ({ gateway }, use) => {
      await seedOnFirstStart(gateway.database.db, () => {});
      await use(gateway);
    },
    { scope: 'file' },
  ],
  editorKey: [async ({ site }, use) => use(await site.createKey(['editor'])), { scope: 'file' }],
});

const searchQuery = /* GraphQL */ `
  query ($query: String!, $types: [SearchType!]) {
    search(query: $query, types: $types, first: 10) {
      totalCount
      didYouMean
      corrections { from to }
      edges {
        score
        snippet
        node {
          ${HIT_TYPE_AND_SLUG}
        }
      }
    }
  }
`;

async function search(gateway: TestGateway, query: string, types?: string[]) {
  const { body } = await gateway.execute(searchQuery, { query, types });
  expect(body.errors).toBeUndefined();
  const { edges, ...rest } = body.data.search;
  return { ...rest, edges, found: edges.map((edge: any) => `${edge.node.__typename}:${edge.node.slug}`) as string[] };
}

const valence = 'Article:ia-mega-data-center-valence-sesterce';
const teachers = 'Article:trois-cents-enseignants-formes-intelligence-artificielle';
const dataCenterStories = [
  valence,
  'Article:val-de-lorne-campus-de-calcul-ia-calculia',
  'Article:campus-de-calcul-riverains-consommation-eau',
  'Article:data-centers-sobriete-energetique-collectivites',
];

describe('search as readers type it', () => {
  test('the five failing queries of issue 13 find the article (or the exact entity) first', async ({ site }) => {
    const training = await search(site, "formation des enseignants à l'IA");
    // Either account of the training (two sources told it) is the article meant.
    expect([teachers, 'Article:trois-cents-professeurs-inities-ia-bilan']).toContain(training.found[0]);
    expect(training.found).toContain('Project:formation-ia-enseignants-val-de-lorne');
    expect(dataCenterStories).toContain((await search(site, 'datacenters')).found[0]);
    expect((await search(site, 'datacenter Valence')).found[0]).toBe(valence);
    const typo = await search(site, 'Chapaz');
    expect(typo.found.slice(0, 2)).toEqual(['Person:clara-chappaz', valence]);
    const macron = await search(site, 'Macron intelligence artificielle');
    expect(macron.found[0]).toBe(valence);
    expect(macron.found.indexOf('Project:formation-ia-enseignants-val-de-lorne')).toBeGreaterThan(0);
  });

  test('when no article holds every word, those holding some come, rarer words first', async ({ site }) => {
    // "xylophone" is nowhere: the articles naming Rovaltain still come.
    expect((await search(site, 'rovaltain xylophone', ['ARTICLE'])).found).toEqual([valence]);
    // Many articles hold "enseignants"; only the two accounts of the training also hold the rarer
    // "ateliers" and "ruraux".
    const { edges } = await search(site, 'ateliers ruraux enseignants', ['ARTICLE']);
    expect(edges.slice(0, 2).map((edge: any) => edge.node.slug).sort()).toEqual([
      'trois-cents-enseignants-formes-intelligence-artificielle',
      'trois-cents-professeurs-inities-ia-bilan',
    ]);
    expect(edges.slice(0, 2).every((edge: any) => edge.score > 0.8)).toBe(true);
    expect(edges.slice(2).every((edge: any) => edge.score < 0.8)).toBe(true);
  });

  test('one scale: the exact name first (score 1), then the articles saying it', async ({ site }) => {
    const { edges, found } = await search(site, 'Sesterce');
    expect(found[0]).toBe('Organisation:sesterce');
    expect(edges[0].score).toBe(1);
    expect(found[1]).toBe(valence);
    expect(edges[1].score).toBeLessThan(1);
  });

  test('an unknown word is corrected to the closest known one, and the result says so', async ({ site }) => {
    const result = await search(site, "consomation d'eau");
    expect(result.didYouMean).toBe("consommation d'eau");
    expect(result.corrections).toEqual([{ from: 'consomation', to: 'consommation' }]);
    expect(result.found[0]).toBe('Article:campus-de-calcul-riverains-consommation-eau');
    // The corrected word is marked ("consommera": the same French stem).
    expect(result.edges[0].snippet).toMatch(/<mark>consomm\w*<\/mark>/);
    // Known words are left alone.
    expect((await search(site, 'consommation')).didYouMean).toBeNull();
  });

  test('synonyms are searched both ways and marked in snippets', async ({ site }) => {
    const { edges } = await search(site, 'IA en classe', ['ARTICLE']);
    expect(edges[0].node.slug).toBe('ia-en-classe-cinq-usages-enseignants');
    expect(edges[0].snippet).toContain('<mark>intelligence</mark> <mark>artificielle</mark>');
    const found = (await search(site, 'datacenter', ['ARTICLE'])).found;
    expect(found).toEqual(expect.arrayContaining(dataCenterStories));
  });

  test('a synonym added by an editor counts from the next search, until deleted; both are audited', async ({ site, editorKey }) => {
    // No content says "géothermie" or "profonde", nor anything close enough to correct them to.
    const heatNetwork = 'Article:chaleur-des-serveurs-universite-raccordement-calculia';
    expect((await search(site, 'géothermie profonde')).found).toEqual([]);
    const create = /* GraphQL */ `
      mutation ($input: CreateSearchSynonymInput!) {
        createSearchSynonym(input: $input) { searchSynonym { id term synonym } errors { code path } }
      }
    `;
    const input = { term: 'géothermie profonde', synonym: 'réseau de chaleur' };
    // A reader may not.
    expect((await site.execute(create, { input })).body.errors[0].extensions.code).toBeDefined();
    const created = (await site.execute(create, { input }, { key: editorKey })).body.data.createSearchSynonym;
    expect(created.errors).toEqual([]);
    expect((await search(site, 'géothermie profonde')).found[0]).toBe(heatNetwork);
    expect((await search(site, 'geothermies profondes')).found[0]).toBe(heatNetwork);

    // The same pair, either way round, accents and case aside, is refused; so is a pair of one word.
    const again = await site.execute(create, { input: { term: 'Reseau de chaleur', synonym: 'Géothermie Profonde' } }, { key: editorKey });
    expect(again.body.data.createSearchSynonym).toEqual({ searchSynonym: null, errors: [{ code: 'ALREADY_EXISTS', path: ['synonym'] }] });
    const same = await site.execute(create, { input: { term: 'IA', synonym: 'ia' } }, { key: editorKey });
    expect(same.body.data.createSearchSynonym.errors).toEqual([{ code: 'INVALID', path: ['synonym'] }]);

    const remove = /* GraphQL */ `
      mutation ($id: ID!) { deleteSearchSynonym(input: { id: $id }) { searchSynonym { term } errors { code } } }
    `;
    const deleted = await site.execute(remove, { id: created.searchSynonym.id }, { key: editorKey });
    expect(deleted.body.data.deleteSearchSynonym).toEqual({ searchSynonym: { term: 'géothermie profonde' }, errors: [] });
    expect((await search(site, 'géothermie profonde')).found).toEqual([]);

    const audit = await site.execute(`{ auditLog(first: 10, entityType: "search_synonym") { edges { node { action } } } }`, {}, { key: editorKey });
    expect(audit.body.data.auditLog.edges.map((edge: any) => edge.node.action).sort()).toEqual(['search-synonym.create', 'search-synonym.delete']);
  });

  test('facets count the results under the filters, and agree with totalCount', async ({ site }) => {
    const facetQuery = /* GraphQL */ `
      query ($query: String!, $types: [SearchType!], $filter: ArticleFilter) {
        search(query: $query, types: $types, filter: $filter, first: 1) {
          totalCount
          facets {
            types { type count }
            kinds { kind count }
            years { year count }
            topics { topic { id slug } count }
            sources { source { id slug } count }
          }
        }
      }
    `;
    const run = async (variables: Record<string, unknown>) => {
      const { body } = await site.execute(facetQuery, { query: 'intelligence artificielle', ...variables });
      expect(body.errors).toBeUndefined();
      return body.data.search;
    };
    const sum = (counts: Array<{ count: number }>) => counts.reduce((total, { count }) => total + count, 0);
    const all = await run({});
    expect(sum(all.facets.types)).toBe(all.totalCount);
    const articles = all.facets.types.find((row: any) => row.type === 'ARTICLE').count;
    expect(articles).toBeGreaterThan(3);
    expect(sum(all.facets.kinds)).toBe(articles);
    expect(sum(all.facets.years)).toBe(articles);
    expect(all.facets.topics.length).toBeGreaterThan(1);

    // Each count is what the same search, filtered by that value, finds.
    const articlesOnly = { types: ['ARTICLE'] };
    for (const { topic, count } of all.facets.topics) {
      expect((await run({ ...articlesOnly, filter: { topics: [topic.id] } })).totalCount).toBe(count);
    }
    for (const { source, count } of all.facets.sources) {
      expect((await run({ ...articlesOnly, filter: { sources: [source.id] } })).totalCount).toBe(count);
    }
    for (const { kind, count } of all.facets.kinds) {
      const filtered = await run({ ...articlesOnly, filter: { kinds: [kind] } });
      expect(filtered.totalCount).toBe(count);
      expect(filtered.facets.kinds).toEqual([{ kind, count }]);
    }
    for (const { year, count } of all.facets.years) {
      const filter = { publishedAfter: `${year}-01-01T00:00:00Z`, publishedBefore: `${year + 1}-01-01T00:00:00Z` };
      expect((await run({ ...articlesOnly, filter })).totalCount).toBe(count);
    }
  });

  test('the dictionary follows published content: a draft\'s words are never offered, published ones are', async ({ site, editorKey }) => {
    const typo = 'zorglubienes';
    const created = await site.execute(
      /* GraphQL */ `mutation ($input: CreateArticleInput!) { createArticle(input: $input) { article { id version } errors { code } } }`,
      { input: { kind: 'EXPERT', language: 'fr', title: 'Les machines zorglubiennes arrivent au lycée' } },
      { key: editorKey },
    );
    const { id, version } = created.body.data.createArticle.article;
    expect((await search(site, typo)).didYouMean).toBeNull();
    const published = await site.execute(
      /* GraphQL */ `mutation ($input: ArticleStatusInput!) { publishArticle(input: $input) { errors { code } } }`,
      { input: { id, version } },
      { key: editorKey },
    );
    expect(published.body.data.publishArticle.errors).toEqual([]);
    const result = await search(site, typo);
    expect(result.corrections).toEqual([{ from: typo, to: 'zorglubiennes' }]);
    expect(result.found[0]).toMatch(/^Article:les-machines-zorglubiennes/);
  });
});
