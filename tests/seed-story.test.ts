import { describe, expect, test } from './support/gateway.js';

const seedStory = /* GraphQL */ `
  {
    article(slug: "ia-mega-data-center-valence-sesterce") {
      title
      source { name }
      people { edges { role node { fullName affiliations { title organisation { name } } } } }
      organisations { edges { role node { name } } }
      projects { edges { node { name budget { amount currency } organisations { edges { role node { name } } } } } }
    }
  }
`;

describe('the seed story', () => {
  test('comes back with its source, people, organisations and project', async ({ seeded }) => {
    const { status, body } = await seeded.execute(seedStory);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const article = body.data.article;
    expect(article.title).toBe('Intelligence artificielle : Sesterce prévoit un méga data center à Valence');
    expect(article.source).toEqual({ name: 'Le Journal du Dimanche' });
    expect(article.people.edges).toEqual([
      {
        role: 'MENTIONED',
        node: {
          fullName: 'Emmanuel Macron',
          affiliations: [{ title: 'Président de la République', organisation: { name: 'Gouvernement français' } }],
        },
      },
      {
        role: 'MENTIONED',
        node: {
          fullName: 'Clara Chappaz',
          affiliations: [
            {
              title: "Ministre déléguée chargée de l'Intelligence artificielle et du Numérique",
              organisation: { name: 'Gouvernement français' },
            },
          ],
        },
      },
      {
        role: 'QUOTED',
        node: {
          fullName: 'Nicolas Daragon',
          affiliations: [{ title: 'Maire de Valence', organisation: { name: 'Ville de Valence' } }],
        },
      },
    ]);
    expect(article.organisations.edges.map((edge: any) => [edge.role, edge.node.name])).toEqual([
      ['SUBJECT', 'Sesterce'],
      ['MENTIONED', 'Gouvernement français'],
      ['MENTIONED', 'Ville de Valence'],
    ]);
    const [dataCenter] = article.projects.edges;
    expect(dataCenter.node).toEqual({
      name: 'Méga data center IA de Valence',
      budget: { amount: '450000000', currency: 'EUR' },
      organisations: {
        edges: [
          { role: 'OWNER', node: { name: 'Sesterce' } },
          { role: 'HOST', node: { name: 'Ville de Valence' } },
        ],
      },
    });
  });

  test('an unknown slug is null, not an error', async ({ seeded }) => {
    const { body } = await seeded.execute(`{ article(slug: "nope") { title } }`);
    expect(body).toEqual({ data: { article: null } });
  });
});
