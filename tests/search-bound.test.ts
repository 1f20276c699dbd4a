import { sql } from 'kysely';
import { MAX_RANKED_PER_WORD } from '../src/repositories/search.js';
import { describe, expect, test } from './support/gateway.js';

// The bound of the ranking keeps the best matches: per word of the query, the articles where it
// weighs most (title > lead > body) among those the reader may see and the filters keep.

const bodyOnly = MAX_RANKED_PER_WORD + 100; // more than are ranked per word

describe('the ranking bound', () => {
  test('an old article titled with the words comes first, before more newer ones saying them in the body than are ranked per word', async ({ gateway }) => {
    const db = gateway.database.db;
    await sql`insert into article (slug, kind, title, lead, body, language, status, published_at)
              values ('la-reference', 'expert', 'Le zorglub quantique expliqué', 'Ce qu''il change.', 'Un texte.', 'fr',
                      'published', '2001-01-01')`.execute(db);
    await sql`insert into article (slug, kind, title, lead, body, language, status, published_at)
              select 'recent-' || n, 'expert', 'Actualité ' || n, 'En bref.', 'On y parle encore du zorglub quantique, en passant.',
                     'fr', 'published', timestamptz '2020-01-01' + n * interval '1 hour'
              from generate_series(1, ${bodyOnly}) as n`.execute(db);
    const { body } = await gateway.execute(/* GraphQL */ `
      { search(query: "zorglub quantique", types: [ARTICLE], first: 2) { totalCount edges { node { ... on Article { slug } } } } }
    `);
    expect(body.errors).toBeUndefined();
    expect(body.data.search.edges[0].node.slug).toBe('la-reference');
    // the one titled with the words, and the newest of those saying them in the body only
    expect(body.data.search.totalCount).toBe(MAX_RANKED_PER_WORD);
  });

  test('a word excluded by web-search syntax excludes the articles whose body holds it, titled with the rest or not', async ({ gateway }) => {
    await sql`insert into article (slug, kind, title, lead, body, language, status, published_at)
              values ('titre-seul', 'expert', 'Le bidulon martien', null, 'Rien d''autre.', 'fr', 'published', '2024-01-01'),
                     ('corps-exclu', 'expert', 'Le bidulon martien revient', null, 'Avec un gadget lunaire.', 'fr', 'published', '2024-01-02')`
      .execute(gateway.database.db);
    const { body } = await gateway.execute(/* GraphQL */ `
      { search(query: "bidulon -lunaire", types: [ARTICLE]) { edges { node { ... on Article { slug } } } } }
    `);
    expect(body.errors).toBeUndefined();
    expect(body.data.search.edges.map((edge: any) => edge.node.slug)).toEqual(['titre-seul']);
  });

  test('drafts and articles the filters leave out take no place among those ranked', async ({ gateway }) => {
    const db = gateway.database.db;
    // more drafts and English articles titled with the word than are ranked per word, all newer
    for (const [prefix, language, status] of [['brouillon', 'fr', 'draft'], ['anglais', 'en', 'published']] as const) {
      await sql`insert into article (slug, kind, title, lead, body, language, status, published_at)
                select ${prefix} || '-' || n, 'expert', 'Le ornithorynque volant, épisode ' || n, null, 'Un texte.', ${language}, ${status},
                       timestamptz '2025-01-01' + n * interval '1 hour'
                from generate_series(1, ${MAX_RANKED_PER_WORD}) as n`.execute(db);
    }
    await sql`insert into article (slug, kind, title, lead, body, language, status, published_at)
              values ('en-passant', 'expert', 'Actualité', null, 'On y parle d''un ornithorynque volant.', 'fr', 'published', '2001-01-01')`
      .execute(db);
    const { body } = await gateway.execute(/* GraphQL */ `
      { search(query: "ornithorynque volant", types: [ARTICLE], language: "fr") { totalCount edges { node { ... on Article { slug } } } } }
    `);
    expect(body.errors).toBeUndefined();
    expect(body.data.search.edges.map((edge: any) => edge.node.slug)).toEqual(['en-passant']);
    expect(body.data.search.totalCount).toBe(1);
  });
});
