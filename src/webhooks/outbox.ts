import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import { enqueueWebhookEvent } from '../repositories/webhook.js';
import { eventOf, type WrittenChange } from './events.js';

/**
 * Called by every mutation inside its transaction, after its write: queues the event the write
 * makes for the endpoints subscribed to it. A refused or rolled-back write queues nothing, and a
 * committed one is delivered even if the gateway stops before its worker sends it.
 */
export async function queueWebhookEvent(db: Kysely<Database>, change: WrittenChange): Promise<void> {
  const event = eventOf(change);
  if (event) await enqueueWebhookEvent(db, event);
}
