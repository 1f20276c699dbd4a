import { importContent } from '../../src/content/importer.js';
import { test as gatewayTest, type TestGateway } from './gateway.js';

/**
 * Content added to the seed story for the search and related tests, through the real importer:
 * - a draft that matches every search about the Valence story and shares its organisation,
 *   person and topics: it must never reach a reader;
 * - a news story republished from the seed's source, known by the URL of its original;
 * - a published article whose editor pinned the agricultural bachelor article (sharing nothing
 *   with it) and the draft: the pin comes first, the draft never.
 */
export const searchTestContent = {
  articles: [
    {
      slug: 'brouillon-sesterce-second-data-center-valence',
      kind: 'expert',
      language: 'fr',
      status: 'draft',
      title: 'Brouillon : Sesterce prévoit un second data center à Valence',
      lead: "Intelligence artificielle et données : Nicolas Daragon et Sesterce préparent la suite à Rovaltain.",
      topics: ['intelligence-artificielle', 'centres-de-donnees', 'valence'],
      people: [{ person: 'nicolas-daragon', role: 'quoted' }],
      organisations: [{ organisation: 'sesterce', role: 'subject' }],
    },
    {
      slug: 'data-centers-ia-la-france-accelere',
      kind: 'news',
      language: 'fr',
      source: 'le-journal-du-dimanche',
      originalUrl: 'https://www.lejdd.fr/economie/data-centers-ia-la-france-accelere',
      title: 'Data centers : la France accélère',
      lead: "Le plan national de trente-cinq centres de données pour l'IA se précise.",
      publishedAt: '2025-02-10T08:00:00+01:00',
      topics: ['centres-de-donnees'],
      projects: [{ project: 'plan-35-centres-de-donnees-ia', role: 'subject' }],
      people: [{ person: 'clara-chappaz', role: 'quoted' }],
    },
    {
      slug: 'selection-de-la-redaction-ia',
      kind: 'expert',
      language: 'fr',
      title: "La sélection de la rédaction sur l'IA à l'école",
      lead: "Nos lectures sur l'IA & l'école, à lire au centre de documentation.",
      publishedAt: '2025-01-10T09:00:00+01:00',
      topics: ['intelligence-artificielle'],
      related: ['nouveau-bachelor-agro-modalites-decrets', 'brouillon-sesterce-second-data-center-valence'],
    },
  ],
};

/** `searchable`: the seed story plus `searchTestContent`, in this file's database. `partnerKey`: an API key with the partner scope. */
export const test = gatewayTest.extend<{ searchable: TestGateway; partnerKey: string }>({
  searchable: [
    async ({ seeded }, use) => {
      const report = await importContent(seeded.database.db, searchTestContent);
      if (report.rejected.length) throw new Error(`Test content rejected: ${JSON.stringify(report.rejected)}`);
      await use(seeded);
    },
    { scope: 'file' },
  ],
  partnerKey: [async ({ gateway }, use) => use(await gateway.createKey(['partner'])), { scope: 'file' }],
});

export { describe, expect } from 'vitest';
