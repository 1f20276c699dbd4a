import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import { hasAnyArticle } from '../repositories/article.js';
import { importContent } from './importer.js';

// First start on an empty database: load the real seed article and the demo set, so that a
// newcomer's `npm start` shows content at once.

async function readContentFile(name: string): Promise<unknown> {
  return JSON.parse(await readFile(new URL(`./seed/${name}`, import.meta.url), 'utf8'));
}

export async function seedOnFirstStart(db: Kysely<Database>, log: (line: string) => void): Promise<void> {
  if (await hasAnyArticle(db)) return;

  // The seed is real content; the demo set is flagged so that it can be told apart and removed.
  const seed = await importContent(db, await readContentFile('seed-article.json'));
  const demo = await importContent(db, await readContentFile('demo.json'), { demo: true });
  // The site's starter synonyms of search: configuration rather than content, not flagged as demo.
  const synonyms = await importContent(db, await readContentFile('synonyms.json'));

  const loaded = `${seed.counts.article.inserted} seed articles and ${demo.counts.article.inserted} demo articles`;
  const [firstRejected, ...otherRejected] = [...seed.rejected, ...demo.rejected, ...synonyms.rejected];
  log(
    firstRejected
      ? `Empty database: loaded ${loaded}; ${otherRejected.length + 1} problem(s), first: ` +
          `${firstRejected.kind} #${firstRejected.index} ${firstRejected.field}: ${firstRejected.message}`
      : `Empty database: loaded ${loaded} with their sources, people, organisations and projects`,
  );
}
