import { sql } from 'kysely';
import { allHits, COMMON_HEAD_MATCHES, MAX_RANKED_BODY_MATCHES, RECENT_WINDOW } from '../src/repositories/search.js';
import { findQueryTerms } from '../src/repositories/search-terms.js';
import { describe, expect, test } from './support/gateway.js';

// The bound of the ranking keeps the best matches: an article holding the words in its title is
// ranked however many newer articles hold them in their body only.

const bodyOnly = 1000 + MAX_RANKED_BODY_MATCHES; // more than the newest 1 000 that were once all ranked

describe('the ranking bound', () => {
  test('an old article titled with the words comes first, before a thousand newer ones saying them in the body', async ({ gateway }) => {
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
    expect(body.data.search.totalCount).toBe(1 + MAX_RANKED_BODY_MATCHES);
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

  test('words in many titles keep the newest body-only matches, whether or not the newest articles hold enough of them', async ({ gateway }) => {
    const db = gateway.database.db;
    const at = (from: string) => sql`timestamptz ${sql.lit(from)} + n * interval '1 hour'`;
    // enough titles for the newest articles to be looked through first (COMMON_HEAD_MATCHES), then 150 body-only ones
    await sql`insert into article (slug, kind, title, lead, body, language, status, published_at)
              select 'titre-' || n, 'expert', 'Le gloubiboulga stellaire, épisode ' || n, null, 'Un texte.', 'fr', 'published', ${at('2010-01-01')}
              from generate_series(1, ${COMMON_HEAD_MATCHES}) as n`.execute(db);
    await sql`insert into article (slug, kind, title, lead, body, language, status, published_at)
              select 'corps-' || lpad(n::text, 3, '0'), 'expert', 'Actualité ' || n, null, 'On y parle du gloubiboulga stellaire.', 'fr', 'published', ${at('2025-01-01')}
              from generate_series(1, 150) as n`.execute(db);
    const text = 'gloubiboulga stellaire';
    const scope = { text, terms: await findQueryTerms(db, text), types: ['article'] as const, filter: {}, language: null };
    const bodyOnlyKept = async () => {
      const { rows } = await sql<{ slug: string }>`select article.slug from (${allHits(db, scope, 'reader')!}) as hit
                                                   join article on article.id = hit.id where starts_with(article.slug, 'corps-') order by article.slug`.execute(db);
      return rows.map((row) => row.slug);
    };
    const newest = Array.from({ length: MAX_RANKED_BODY_MATCHES }, (_, index) => `corps-${String(151 - MAX_RANKED_BODY_MATCHES + index).padStart(3, '0')}`);
    expect(await bodyOnlyKept()).toEqual(newest); // found among the newest articles
    await sql`insert into article (slug, kind, title, lead, body, language, status, published_at)
              select 'autre-' || n, 'expert', 'Autre sujet ' || n, null, 'Rien à voir.', 'fr', 'published', ${at('2030-01-01')}
              from generate_series(1, ${RECENT_WINDOW}) as n`.execute(db);
    expect(await bodyOnlyKept()).toEqual(newest); // the newest articles hold none: found through the index
  });
});
