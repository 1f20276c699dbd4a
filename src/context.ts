import { initContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { Database } from './db/types.js';
import type { PreviewGrant } from './auth/preview-token.js';
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
  /** Preview tokens: the secret that signs them, and the article the X-Preview-Token header grants. */
  preview: Preview;
  /** OPTIMISATIONS: lists read only the columns the query selects (src/schema/selected-columns.ts). */
  optimisations: boolean;
  /** The request's loader for `name`, created on first use: one batch per name per tick. */
  loader<Value>(name: string, load: (keys: readonly number[]) => Promise<Value[]>): DataLoader<number, Value>;
  /**
   * What `create` returns, made once per request for `key`. Kept here rather than in a module's
   * WeakMap keyed by the context: V8's young collections keep an entry of a WeakMap already in the
   * old generation whose value leads back to its key, so every request's loaders and rows would
   * outlive it until the next full collection.
   */
  memo<Value>(key: object, create: () => Value): Value;
}

export interface Preview {
  secret: string;
  /** The article a valid, unexpired X-Preview-Token header grants; null without one. */
  grant: PreviewGrant | null;
  /** Set once a token was read: the answer is the token holder's, never cached (response-cache.ts). */
  used: boolean;
}

export function createContext(db: Kysely<Database>, viewer: Viewer, site: Site, optimisations: boolean, preview: Preview): Context {
  // Loaders by name and memos by key: strings and objects never collide as Map keys.
  const memos = new Map<object | string, unknown>();
  const memo = <Value>(key: object | string, create: () => Value): Value => {
    if (!memos.has(key)) memos.set(key, create());
    return memos.get(key) as Value;
  };
  return {
    // Pothos's per-request caches (its loaders) live on this holder rather than in its WeakMaps,
    // for the reason `memo` gives (patches/@pothos+core+*.patch).
    ...initContextCache(),
    db,
    viewer,
    site,
    audience: viewer.scopes.includes('editor') ? 'editor' : 'reader',
    optimisations,
    preview,
    loader: <Value>(name: string, load: (keys: readonly number[]) => Promise<Value[]>) => memo(name, () => new DataLoader<number, Value>(load)),
    memo,
  };
}
