import { randomUUID } from 'node:crypto';
import { currentInstant } from '../clock.js';
import { entities, type EntityTableName } from '../model/entities.js';
import { objectKey, typeKey } from '../plugins/surrogate-key-names.js';
import { encodeGlobalId } from '../schema/global-id.js';

// The events webhooks receive, derived from the model: every entity is created, updated and
// deleted (`person.updated`, `organisation.created`...); an article is never deleted but goes
// through its status instead (published, scheduled when published for a time still to come,
// unpublished, archived). A mutation's audit action (`article.publish`, `person.update`,
// `article.link`...) names its event: the verbs below, any other one (links, pins, a published
// revision) an update. Writes readers cannot see yet (a pending revision, a preview token) send none.

const unseenByReaders = new Set(['revise', 'discard-revision', 'preview-token']);
const lifecycle = { create: 'created', update: 'updated', delete: 'deleted' } as const;
const articleStatus = { publish: 'published', unpublish: 'unpublished', archive: 'archived' } as const;
type Change = (typeof lifecycle)[keyof typeof lifecycle] | (typeof articleStatus)[keyof typeof articleStatus] | 'scheduled';

const changesOf = (table: EntityTableName): Change[] =>
  table === 'article' ? ['created', 'updated', ...Object.values(articleStatus), 'scheduled'] : Object.values(lifecycle);

/** Every event name a webhook may subscribe to. */
export const WEBHOOK_EVENTS: readonly string[] = Object.values(entities).flatMap((entity) =>
  changesOf(entity.table).map((change) => `${entity.table}.${change}`),
);

const entityByTable = new Map<string, (typeof entities)[keyof typeof entities]>(Object.values(entities).map((entity) => [entity.table, entity]));

/** What runMutation knows of a write once it is done. */
export interface WrittenChange {
  action: string;
  entityType: string;
  entityId: number | null;
  result: unknown;
}

export interface WebhookEvent {
  id: string;
  name: string;
  payload: Record<string, unknown>;
}

function changeOf(verb: string, row: Record<string, unknown>, now: Date): Change {
  if (verb === 'publish') {
    const publishedAt = row['published_at'];
    return publishedAt instanceof Date && publishedAt > now ? 'scheduled' : 'published';
  }
  return (lifecycle as Record<string, Change>)[verb] ?? (articleStatus as Record<string, Change>)[verb] ?? 'updated';
}

/**
 * What a CDN should purge: every response holding the object, and, when the change can add it
 * to lists or take it out (anything but an update), every list of its type.
 */
function surrogateKeysOf(typename: string, id: number, event: string): string[] {
  return event.endsWith('.updated') ? [objectKey(typename, id)] : [objectKey(typename, id), typeKey(typename)];
}

/** The event a write makes, or null when it touched no content (API keys, synonyms, webhooks). */
export function eventOf(change: WrittenChange, now = currentInstant()): WebhookEvent | null {
  const entity = entityByTable.get(change.entityType);
  const verb = change.action.slice(change.action.indexOf('.') + 1);
  if (!entity || change.entityId === null || unseenByReaders.has(verb)) return null;
  const row = (change.result ?? {}) as Record<string, unknown>;
  const name = `${entity.table}.${changeOf(verb, row, now)}`;
  const id = randomUUID();
  const data: Record<string, unknown> = { type: entity.graphqlType, id: encodeGlobalId(entity.graphqlType, change.entityId) };
  for (const [column, field] of [['slug', 'slug'], ['status', 'status'], ['published_at', 'publishedAt'], ['version', 'version']] as const) {
    if (row[column] !== undefined) data[field] = row[column];
  }
  const payload = {
    id,
    event: name,
    occurredAt: now.toISOString(),
    data,
    surrogateKeys: surrogateKeysOf(entity.graphqlType, change.entityId, name),
  };
  return { id, name, payload };
}
