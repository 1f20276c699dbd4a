import { sql, type Kysely } from 'kysely';
import type { Database, Webhook, WebhookAttempt } from '../db/types.js';

// Webhook endpoints, their outbox (webhook_delivery) and its attempt log: migrations/0010_webhooks.ts.

type Db = Kysely<Database>;

/** A webhook as listed: never its secret. */
export type WebhookSummary = Omit<Webhook, 'secret'>;
const summaryColumns = ['id', 'url', 'events', 'created_at'] as const;

export async function insertWebhook(db: Db, webhook: { url: string; events: string[]; secret: string }): Promise<WebhookSummary> {
  return db
    .insertInto('webhook')
    .values({ url: webhook.url, events: webhook.events, secret: webhook.secret })
    .returning(summaryColumns)
    .executeTakeFirstOrThrow();
}

/** Deletes an endpoint with its pending deliveries and their log. */
export async function deleteWebhook(db: Db, id: number): Promise<WebhookSummary | null> {
  return (await db.deleteFrom('webhook').where('id', '=', id).returning(summaryColumns).executeTakeFirst()) ?? null;
}

export async function findWebhooks(db: Db): Promise<WebhookSummary[]> {
  return db.selectFrom('webhook').select(summaryColumns).orderBy('id').execute();
}

/** Queues an event for every endpoint subscribed to it (one statement, in the caller's transaction). */
export async function enqueueWebhookEvent(db: Db, event: { id: string; name: string; payload: Record<string, unknown> }): Promise<void> {
  // enqueue webhook event: one outbox row per subscribed endpoint
  await sql`insert into webhook_delivery (webhook_id, event_id, event, payload)
            select id, ${event.id}::uuid, ${event.name}, ${JSON.stringify(event.payload)}::jsonb
            from webhook where ${event.name} = any(events)`.execute(db);
}

export interface ClaimedDelivery {
  id: number;
  event_id: string;
  event: string;
  payload: Record<string, unknown>;
  /** This attempt's number, from 1. */
  attempts: number;
  url: string;
  secret: string;
}

/**
 * Takes up to `limit` due deliveries for this worker: rows another worker is claiming are
 * skipped (SKIP LOCKED), and the claimed ones are leased, not due again for `leaseMs`: a worker
 * that dies holding them leaves them to be claimed once the lease runs out.
 */
export async function claimDueDeliveries(db: Db, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  // claim due webhook deliveries
  const { rows } = await sql<ClaimedDelivery>`
    with due as (
      select id from webhook_delivery
      where status = 'pending' and next_attempt_at <= now()
      order by next_attempt_at, id
      limit ${limit}
      for update skip locked
    )
    update webhook_delivery as delivery
    set attempts = delivery.attempts + 1, next_attempt_at = now() + ${leaseMs}::float8 * interval '1 millisecond'
    from due, webhook
    where delivery.id = due.id and webhook.id = delivery.webhook_id
    returning delivery.id, delivery.event_id, delivery.event, delivery.payload, delivery.attempts, webhook.url, webhook.secret`.execute(db);
  return rows;
}

export type AttemptOutcome = { status: 'delivered' } | { status: 'failed' } | { status: 'pending'; retryInMs: number };

/** Logs an attempt and settles its delivery: done, given up, or due again later. */
export async function recordDeliveryAttempt(
  db: Db,
  attempt: { deliveryId: number; attempt: number; statusCode: number | null; error: string | null; outcome: AttemptOutcome },
): Promise<void> {
  const { outcome } = attempt;
  const retryInMs = outcome.status === 'pending' ? outcome.retryInMs : 0;
  // record a webhook delivery attempt and settle the delivery
  await sql`
    with logged as (
      insert into webhook_attempt (delivery_id, attempt, status_code, error)
      values (${attempt.deliveryId}, ${attempt.attempt}, ${attempt.statusCode}, ${attempt.error})
    )
    update webhook_delivery
    set status = ${outcome.status},
        next_attempt_at = now() + ${retryInMs}::float8 * interval '1 millisecond',
        finished_at = case when ${outcome.status}::text = 'pending' then null else now() end
    where id = ${attempt.deliveryId}`.execute(db);
}

export type DeliveryAttempt = WebhookAttempt & { event_id: string; event: string; delivery_status: string };

/** A webhook's latest attempts, newest first. */
export async function findDeliveryAttempts(db: Db, webhookId: number, limit: number): Promise<DeliveryAttempt[]> {
  return db
    .selectFrom('webhook_attempt')
    .innerJoin('webhook_delivery', 'webhook_delivery.id', 'webhook_attempt.delivery_id')
    .where('webhook_delivery.webhook_id', '=', webhookId)
    .selectAll('webhook_attempt')
    .select(['webhook_delivery.event_id', 'webhook_delivery.event', 'webhook_delivery.status as delivery_status'])
    .orderBy('webhook_attempt.id', 'desc')
    .limit(limit)
    .execute();
}
