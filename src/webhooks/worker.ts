import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/types.js';
import { claimDueDeliveries, recordDeliveryAttempt, type AttemptOutcome, type ClaimedDelivery } from '../repositories/webhook.js';
import { webhookSignature } from './signature.js';

// Delivers the outbox (src/webhooks/outbox.ts): every gateway runs one worker, which claims due
// deliveries (claimDueDeliveries: no two workers get the same row), POSTs each to its endpoint,
// and logs the attempt. A 2xx delivers; anything else (status, timeout, refused connection) is
// tried again after backoffBaseMs, 2x, 4x... until maxAttempts, then the delivery is failed.

export interface WebhookWorkerSettings {
  pollIntervalMs: number;
  timeoutMs: number;
  maxAttempts: number;
  backoffBaseMs: number;
  /** How long a claimed delivery stays with its worker: past it, a worker that died loses it. */
  leaseMs: number;
  batchSize: number;
}

export interface WebhookWorker {
  /** Claims and sends what is due now, once; resolves with how many deliveries it tried. */
  runOnce(): Promise<number>;
  /** Polls until stopped. */
  start(): void;
  /** Stops polling and waits for the deliveries under way (each bounded by timeoutMs). */
  stop(): Promise<void>;
}

const MAX_BACKOFF_MS = 6 * 60 * 60 * 1000;

/** The wait before attempt `attempt + 1`: doubling from the base, at most six hours. */
export function backoffMs(baseMs: number, attempt: number): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** (attempt - 1));
}

export function createWebhookWorker(db: Kysely<Database>, logger: Logger, settings: WebhookWorkerSettings): WebhookWorker {
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;

  async function send(delivery: ClaimedDelivery): Promise<{ statusCode: number | null; error: string | null }> {
    const body = JSON.stringify(delivery.payload);
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'content-gateway-webhooks',
          'x-webhook-id': delivery.event_id,
          'x-webhook-event': delivery.event,
          'x-webhook-timestamp': String(Math.floor(Date.now() / 1000)),
          'x-webhook-attempt': String(delivery.attempts),
          'x-webhook-signature': webhookSignature(delivery.secret, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      await response.body?.cancel();
      return { statusCode: response.status, error: response.ok ? null : `HTTP ${response.status}` };
    } catch (error) {
      const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      return { statusCode: null, error: cause.slice(0, 500) };
    }
  }

  async function deliver(delivery: ClaimedDelivery): Promise<void> {
    const { statusCode, error } = await send(delivery);
    const outcome: AttemptOutcome =
      error === null
        ? { status: 'delivered' }
        : delivery.attempts >= settings.maxAttempts
          ? { status: 'failed' }
          : { status: 'pending', retryInMs: backoffMs(settings.backoffBaseMs, delivery.attempts) };
    if (outcome.status !== 'delivered') {
      logger.warn({ webhook: delivery.url, event: delivery.event, attempt: delivery.attempts, error }, `webhook delivery ${outcome.status === 'failed' ? 'failed for good' : 'failed, will retry'}`);
    }
    await recordDeliveryAttempt(db, { deliveryId: delivery.id, attempt: delivery.attempts, statusCode, error, outcome });
  }

  async function runOnce(): Promise<number> {
    const claimed = await claimDueDeliveries(db, settings.batchSize, settings.leaseMs);
    await Promise.all(claimed.map(deliver));
    return claimed.length;
  }

  async function poll(): Promise<void> {
    while (running) {
      let tried = 0;
      try {
        tried = await runOnce();
      } catch (error) {
        // The database may be down: the worker waits and tries again, like requests do.
        logger.warn({ err: error instanceof Error ? error.message : error }, 'webhook worker: could not read the outbox');
      }
      // A full batch may mean more is due: go on at once.
      if (running && tried < settings.batchSize) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, settings.pollIntervalMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    }
  }

  return {
    runOnce,
    start() {
      if (running) return;
      running = true;
      loop = poll();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      loop = null;
    },
  };
}
