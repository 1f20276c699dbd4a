import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { Database } from './db/types.js';
import type { Viewer } from './auth/viewer.js';
import type { Audience } from './repositories/audience.js';
import type { Site } from './site.js';

/** What every resolver gets, made anew for each request so that loaders never share a cache. */
export interface Context {
  db: Kysely<Database>;
  viewer: Viewer;
  /** The public site: canonical URLs and the publisher of the JSON-LD. */
  site: Site;
  /** Editors see drafts and archived articles; everyone else reads published content only. */
  audience: Audience;
  /** OPTIMISATIONS: lists read only the columns the query selects (src/schema/selected-columns.ts). */
  optimisations: boolean;
  /** The request's loader for `name`, created on first use: one batch per name per tick. */
  loader<Value>(name: string, load: (keys: readonly number[]) => Promise<Value[]>): DataLoader<number, Value>;
}

export function createContext(db: Kysely<Database>, viewer: Viewer, site: Site, optimisations: boolean): Context {
  const loaders = new Map<string, DataLoader<number, unknown>>();
  return {
    db,
    viewer,
    site,
    audience: viewer.scopes.includes('editor') ? 'editor' : 'reader',
    optimisations,
    loader<Value>(name: string, load: (keys: readonly number[]) => Promise<Value[]>) {
      let loader = loaders.get(name) as DataLoader<number, Value> | undefined;
      if (!loader) {
        loader = new DataLoader<number, Value>(load);
        loaders.set(name, loader as DataLoader<number, unknown>);
      }
      return loader;
    },
  };
}
