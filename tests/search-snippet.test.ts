import { sql } from 'kysely';
import { describe, expect, test } from './support/gateway.js';

// Snippets come from the passages (sentences) of the lead and body that hold the searched words
// best, best first (migration 0013 keeps them as articles are written).

const snippetOf = /* GraphQL */ `
  query ($query: String!) { search(query: $query, types: [ARTICLE], first: 1) { edges { snippet node { ... on Article { slug } } } } }
`;

describe('search snippets', () => {
  test('the passages holding the words best come first, whole when short, every word marked', async ({ gateway }) => {
    const db = gateway.database.db;
    const filler = Array.from({ length: 40 }, (_, index) => `mot${index}`).join(' ');
    await sql`insert into article (slug, kind, title, lead, body, language, status, published_at)
              values ('zorglub', 'expert', 'Une enquête', 'Ce qu''elle change.',
                      ${`Un mot du zorglub, en passant. ${filler} quantique ${filler}.\n\nRien ici. Le zorglub quantique et ses zorglubs quantiques.`},
                      'fr', 'published', '2024-01-01')`.execute(db);
    const { body } = await gateway.execute(snippetOf, { query: 'zorglub quantique' });
    expect(body.errors).toBeUndefined();
    // the sentence holding both words twice, then the first holding one (the long one ties with it, and comes after)
    expect(body.data.search.edges[0].snippet).toBe(
      'Le <mark>zorglub</mark> <mark>quantique</mark> et ses <mark>zorglubs</mark> <mark>quantiques</mark>. … Un mot du <mark>zorglub</mark>, en passant.',
    );
  });

  test('an edit of the lead or body changes the passages shown', async ({ gateway }) => {
    const db = gateway.database.db;
    await sql`insert into article (slug, kind, title, lead, body, language, status, published_at)
              values ('bidulon', 'expert', 'Une enquête', 'Le bidulon martien arrive.', 'Rien ici.', 'fr', 'published', '2024-01-01')`.execute(db);
    const snippet = async () => (await gateway.execute(snippetOf, { query: 'bidulon' })).body.data.search.edges[0].snippet;
    expect(await snippet()).toBe('Le <mark>bidulon</mark> martien arrive.');
    await sql`update article set lead = 'Un autre chapeau.', body = 'Le bidulon lunaire repart.' where slug = 'bidulon'`.execute(db);
    expect(await snippet()).toBe('Le <mark>bidulon</mark> lunaire repart.');
    // a write that leaves the text as it was keeps its passages
    await sql`update article set version = version + 1 where slug = 'bidulon'`.execute(db);
    expect(await snippet()).toBe('Le <mark>bidulon</mark> lunaire repart.');
  });
});
