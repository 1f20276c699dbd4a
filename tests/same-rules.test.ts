import { importContent } from '../src/content/importer.js';
import { describe, expect, test } from './support/gateway.js';

// Content comes in two ways, the import file and the editors' mutations; both take an entity's
// fields by the same rules (src/validation/entities.ts): what one refuses, the other refuses too.

const tooLong = 'x'.repeat(2_001);

describe('the import file and the API take the same fields', () => {
  test('an organisation description over 2 000 characters is refused both ways, and nothing is written', async ({ gateway }) => {
    const key = await gateway.createKey(['editor']);
    const created = await gateway.execute(
      /* GraphQL */ `
        mutation ($description: String) {
          createOrganisation(input: { name: "Octet Nul", kind: COMPANY, description: $description }) {
            organisation {
              id
            }
            errors {
              path
              code
            }
          }
        }
      `,
      { description: tooLong },
      { key },
    );
    expect(created.body.data.createOrganisation).toEqual({ organisation: null, errors: [{ path: ['description'], code: 'TOO_LONG' }] });

    const report = await importContent(gateway.database.db, {
      organisations: [{ slug: 'octet-nul', name: 'Octet Nul', kind: 'company', description: tooLong }],
    });
    expect(report.rejected).toEqual([expect.objectContaining({ kind: 'organisation', slug: 'octet-nul', field: 'description' })]);

    const stored = await gateway.execute(/* GraphQL */ `{ organisation(slug: "octet-nul") { id } }`);
    expect(stored.body.data.organisation).toBeNull();
  });

  test("an article's lead over 2 000 characters is refused both ways", async ({ gateway }) => {
    const key = await gateway.createKey(['editor']);
    const created = await gateway.execute(
      /* GraphQL */ `
        mutation ($lead: String) {
          createArticle(input: { kind: EXPERT, title: "Chapô trop long", language: "fr", lead: $lead }) {
            errors {
              path
              code
            }
          }
        }
      `,
      { lead: tooLong },
      { key },
    );
    expect(created.body.data.createArticle.errors).toEqual([{ path: ['lead'], code: 'TOO_LONG' }]);

    const report = await importContent(gateway.database.db, {
      articles: [{ slug: 'chapo-trop-long', kind: 'expert', language: 'fr', title: 'Chapô trop long', lead: tooLong }],
    });
    expect(report.rejected).toEqual([expect.objectContaining({ kind: 'article', slug: 'chapo-trop-long', field: 'lead' })]);
  });

  test('a project located by its country alone is accepted both ways', async ({ gateway }) => {
    const key = await gateway.createKey(['editor']);
    const created = await gateway.execute(
      /* GraphQL */ `
        mutation {
          createProject(input: { name: "Réseau de chaleur", slug: "reseau-de-chaleur", location: { country: "FR" } }) {
            project {
              location {
                name
                country
              }
            }
            errors {
              code
            }
          }
        }
      `,
      {},
      { key },
    );
    expect(created.body.data.createProject).toEqual({ project: { location: { name: null, country: 'FR' } }, errors: [] });

    const report = await importContent(gateway.database.db, {
      projects: [{ slug: 'parc-eolien', name: 'Parc éolien', location: { country: 'FR' } }],
    });
    expect(report.rejected).toEqual([]);
    const imported = await gateway.execute(/* GraphQL */ `{ project(slug: "parc-eolien") { location { name country } } }`);
    expect(imported.body.data.project).toEqual({ location: { name: null, country: 'FR' } });
  });
});

describe("an article's kind and source go together", () => {
  const updateArticle = /* GraphQL */ `
    mutation ($input: UpdateArticleInput!) {
      updateArticle(input: $input) {
        article {
          kind
          lead
          version
          source {
            slug
          }
        }
        errors {
          path
          code
        }
      }
    }
  `;

  test('an update is checked against the stored kind and source, and a null clears an optional field', async ({ seeded }) => {
    const key = await seeded.createKey(['editor']);
    const news = await seeded.execute(/* GraphQL */ `{ articles(first: 1, filter: { kinds: [NEWS] }) { edges { node { id version source { id } } } } }`);
    const { id, version, source } = news.body.data.articles.edges[0].node;

    const toExpert = await seeded.execute(updateArticle, { input: { id, version, kind: 'EXPERT' } }, { key });
    expect(toExpert.body.data.updateArticle.errors).toEqual([{ path: ['source'], code: 'INVALID' }]);
    const withoutSource = await seeded.execute(updateArticle, { input: { id, version, source: null } }, { key });
    expect(withoutSource.body.data.updateArticle.errors).toEqual([{ path: ['source'], code: 'REQUIRED' }]);

    const expert = await seeded.execute(updateArticle, { input: { id, version, kind: 'EXPERT', source: null, lead: null } }, { key });
    expect(expert.body.data.updateArticle).toEqual({
      article: { kind: 'EXPERT', lead: null, version: version + 1, source: null },
      errors: [],
    });
    const back = await seeded.execute(updateArticle, { input: { id, version: version + 1, kind: 'NEWS', source: source.id } }, { key });
    expect(back.body.data.updateArticle.article).toMatchObject({ kind: 'NEWS', version: version + 2, source: { slug: expect.any(String) } });
  });
});
