import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { claimDueDeliveries } from '../src/repositories/webhook.js';
import { createWebhookWorker, type WebhookWorkerSettings } from '../src/webhooks/worker.js';
import type { TestGateway } from './support/gateway.js';
import { describe, expect, test } from './support/gateway.js';

// Webhooks end to end: registered through the API, events written by mutations, delivered by
// the worker to a real HTTP receiver on this machine. Backoff and leases are a few milliseconds,
// and the tests drive the worker with runOnce: no test waits for a poll interval.

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** An HTTP receiver answering each request with the next status of `statuses` (then 200). */
async function startReceiver(statuses: number[] = []) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.statusCode = statuses.shift() ?? 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** How a receiver checks a delivery: the README shows these lines. */
function signatureIsValid(secret: string, rawBody: string, header: string | undefined): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`);
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const fast: WebhookWorkerSettings = { pollIntervalMs: 10, timeoutMs: 2_000, maxAttempts: 3, backoffBaseMs: 1, leaseMs: 60_000, batchSize: 20 };
const silent = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const createWebhook = /* GraphQL */ `
  mutation ($input: CreateWebhookInput!) {
    createWebhook(input: $input) { webhook { id url events } secret errors { path code message } }
  }
`;
const deleteWebhook = /* GraphQL */ `
  mutation ($input: DeleteWebhookInput!) { deleteWebhook(input: $input) { webhook { id } errors { code } } }
`;
const createArticle = /* GraphQL */ `
  mutation ($input: CreateArticleInput!) { createArticle(input: $input) { article { id version } errors { code } } }
`;
const publishArticle = /* GraphQL */ `
  mutation ($input: ArticleStatusInput!) { publishArticle(input: $input) { article { id version } errors { code } } }
`;
const updateArticle = /* GraphQL */ `
  mutation ($input: UpdateArticleInput!) { updateArticle(input: $input) { article { version } errors { code } } }
`;
const deliveries = /* GraphQL */ `
  query ($id: ID!) { webhookDeliveries(webhookId: $id) { eventId event attempt statusCode error deliveryStatus } }
`;

async function editorKey(gateway: TestGateway) {
  return gateway.createKey(['editor'], 'webhook editor');
}

async function register(gateway: TestGateway, key: string, input: Record<string, unknown>) {
  const { body } = await gateway.execute(createWebhook, { input }, { key });
  expect(body.data.createWebhook.errors).toEqual([]);
  return body.data.createWebhook as { webhook: { id: string }; secret: string | null };
}

let articles = 0;
async function newArticle(gateway: TestGateway, key: string) {
  const input = { kind: 'EXPERT', title: `Webhook story ${++articles}`, language: 'fr' };
  const { body } = await gateway.execute(createArticle, { input }, { key });
  return body.data.createArticle.article as { id: string; version: number };
}

async function publish(gateway: TestGateway, key: string, article: { id: string; version: number }, publishedAt?: string) {
  const { body } = await gateway.execute(publishArticle, { input: { id: article.id, version: article.version, publishedAt } }, { key });
  expect(body.data.publishArticle.errors).toEqual([]);
  return body.data.publishArticle.article as { id: string; version: number };
}

async function pendingCount(gateway: TestGateway) {
  const { rows } = await sql<{ n: string }>`select count(*) as n from webhook_delivery where status = 'pending'`.execute(gateway.database.db);
  return Number(rows[0]!.n);
}

async function clearWebhooks(gateway: TestGateway) {
  await sql`delete from webhook`.execute(gateway.database.db);
}

describe('webhooks', () => {
  test('createWebhook takes http(s) URLs and known events only, and keeps the secret out of lists and the audit log', async ({ gateway }) => {
    const key = await editorKey(gateway);
    const refused = await gateway.execute(createWebhook, { input: { url: 'ftp://example.org/x', events: ['article.published', 'article.eaten'] } }, { key });
    expect(refused.body.data.createWebhook.webhook).toBeNull();
    expect(refused.body.data.createWebhook.errors.map((error: { path: string[] }) => error.path.join('.'))).toEqual(['url', 'events.1']);
    const anonymous = await gateway.execute(createWebhook, { input: { url: 'https://example.org/hook', events: ['person.updated'] } });
    expect(anonymous.body.errors[0].extensions.code).toBe('FORBIDDEN');

    const generated = await register(gateway, key, { url: 'https://example.org/hook', events: ['person.updated', 'organisation.created'] });
    expect(generated.secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const given = await register(gateway, key, { url: 'https://example.org/other', events: ['article.published'], secret: 'a-secret-of-our-own' });
    expect(given.secret).toBeNull();

    const listed = await gateway.execute(`{ webhooks { url events } }`, {}, { key });
    expect(listed.body.data.webhooks).toEqual([
      { url: 'https://example.org/hook', events: ['person.updated', 'organisation.created'] },
      { url: 'https://example.org/other', events: ['article.published'] },
    ]);
    const { rows } = await sql<{ details: string }>`select details::text from audit_log where action = 'webhook.create'`.execute(gateway.database.db);
    expect(rows.map((row) => row.details).join()).not.toContain('a-secret-of-our-own');

    const removed = await gateway.execute(deleteWebhook, { input: { id: given.webhook.id } }, { key });
    expect(removed.body.data.deleteWebhook.errors).toEqual([]);
    expect((await gateway.execute(`{ webhooks { url } }`, {}, { key })).body.data.webhooks).toHaveLength(1);
    await clearWebhooks(gateway);
  });

  test('an event is delivered once, signed with the secret, and the delivery log shows it', async ({ gateway }) => {
    const receiver = await startReceiver();
    const key = await editorKey(gateway);
    const { webhook, secret } = await register(gateway, key, { url: receiver.url, events: ['article.published', 'article.scheduled'] });
    const article = await publish(gateway, key, await newArticle(gateway, key));
    const later = await newArticle(gateway, key);
    await publish(gateway, key, later, new Date(Date.now() + 86_400_000).toISOString());

    const worker = createWebhookWorker(gateway.database.db, silent, fast);
    expect(await worker.runOnce()).toBe(2);
    expect(await worker.runOnce()).toBe(0);
    expect(receiver.received).toHaveLength(2);
    const [published, scheduled] = receiver.received.map((request) => ({ ...request, payload: JSON.parse(request.body) }));
    expect(signatureIsValid(secret!, published!.body, published!.headers['x-webhook-signature'] as string)).toBe(true);
    expect(signatureIsValid('another secret', published!.body, published!.headers['x-webhook-signature'] as string)).toBe(false);
    expect(published!.headers['x-webhook-event']).toBe('article.published');
    expect(published!.headers['x-webhook-id']).toBe(published!.payload.id);
    expect(published!.headers['x-webhook-timestamp']).toMatch(/^\d{10}$/);
    const rowId = Buffer.from(article.id, 'base64url').toString().split(':')[1];
    expect(published!.payload).toMatchObject({
      event: 'article.published',
      data: { type: 'Article', id: article.id, status: 'published' },
      surrogateKeys: [`article:${rowId}`, 'articles'],
    });
    expect(scheduled!.payload.event).toBe('article.scheduled');

    const log = await gateway.execute(deliveries, { id: webhook.id }, { key });
    expect(log.body.data.webhookDeliveries).toEqual([
      { eventId: scheduled!.payload.id, event: 'article.scheduled', attempt: 1, statusCode: 200, error: null, deliveryStatus: 'delivered' },
      { eventId: published!.payload.id, event: 'article.published', attempt: 1, statusCode: 200, error: null, deliveryStatus: 'delivered' },
    ]);
    await receiver.close();
    await clearWebhooks(gateway);
  });

  test('entity events are named after the model, and only subscribers get them', async ({ gateway }) => {
    const receiver = await startReceiver();
    const key = await editorKey(gateway);
    await register(gateway, key, { url: receiver.url, events: ['organisation.created'] });
    await gateway.execute(/* GraphQL */ `mutation { createPerson(input: { fullName: "Ada Lovelace" }) { errors { code } } }`, {}, { key });
    await gateway.execute(/* GraphQL */ `mutation { createOrganisation(input: { name: "Analytical Engines", kind: COMPANY }) { errors { code } } }`, {}, { key });
    await createWebhookWorker(gateway.database.db, silent, fast).runOnce();
    expect(receiver.received.map((request) => JSON.parse(request.body).event)).toEqual(['organisation.created']);
    await receiver.close();
    await clearWebhooks(gateway);
  });

  test('a receiver that fails is retried until it answers; one that never does is given up after maxAttempts', async ({ gateway }) => {
    const receiver = await startReceiver([500, 503]);
    const key = await editorKey(gateway);
    const { webhook } = await register(gateway, key, { url: receiver.url, events: ['article.published'] });
    await publish(gateway, key, await newArticle(gateway, key));
    const worker = createWebhookWorker(gateway.database.db, silent, fast);
    // Each retry is due a few milliseconds after the failure before it (backoffBaseMs: 1).
    while ((await pendingCount(gateway)) > 0) {
      await worker.runOnce();
      await sleep(5);
    }
    const log = (await gateway.execute(deliveries, { id: webhook.id }, { key })).body.data.webhookDeliveries;
    expect(log.map((entry: { attempt: number; statusCode: number }) => [entry.attempt, entry.statusCode])).toEqual([
      [3, 200],
      [2, 503],
      [1, 500],
    ]);
    expect(log[0].deliveryStatus).toBe('delivered');
    expect(new Set(receiver.received.map((request) => request.headers['x-webhook-id'])).size).toBe(1);
    await receiver.close();

    const gone = await startReceiver([500, 500, 500]);
    const { webhook: failing } = await register(gateway, key, { url: gone.url, events: ['article.published'] });
    await publish(gateway, key, await newArticle(gateway, key));
    while ((await pendingCount(gateway)) > 0) {
      await worker.runOnce();
      await sleep(5);
    }
    const failed = (await gateway.execute(deliveries, { id: failing.id }, { key })).body.data.webhookDeliveries;
    expect(failed.map((entry: { attempt: number }) => entry.attempt)).toEqual([3, 2, 1]);
    expect(failed[0]).toMatchObject({ statusCode: 500, error: 'HTTP 500', deliveryStatus: 'failed' });
    await gone.close();
    await clearWebhooks(gateway);
  });

  test('two workers on one database deliver every event exactly once', async ({ gateway }) => {
    const receiver = await startReceiver();
    const key = await editorKey(gateway);
    await register(gateway, key, { url: receiver.url, events: ['article.published'] });
    for (let index = 0; index < 12; index++) await publish(gateway, key, await newArticle(gateway, key));
    const settings = { ...fast, batchSize: 3 };
    const workers = [createWebhookWorker(gateway.database.db, silent, settings), createWebhookWorker(gateway.database.db, silent, settings)];
    while ((await pendingCount(gateway)) > 0) await Promise.all(workers.map((worker) => worker.runOnce()));
    const ids = receiver.received.map((request) => request.headers['x-webhook-id']);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    await receiver.close();
    await clearWebhooks(gateway);
  });

  test('an event survives a restart: queued while no worker ran, or claimed by a worker that died', async ({ gateway }) => {
    const receiver = await startReceiver();
    const key = await editorKey(gateway);
    await register(gateway, key, { url: receiver.url, events: ['article.published'] });
    // A gateway that stops right after the change: its worker is stopped before it sends anything.
    const stopped = createWebhookWorker(gateway.database.db, silent, { ...fast, pollIntervalMs: 60_000 });
    await stopped.stop();
    await publish(gateway, key, await newArticle(gateway, key));
    // A gateway that died holding a claimed delivery: the lease runs out, another worker takes it.
    await publish(gateway, key, await newArticle(gateway, key));
    expect(await claimDueDeliveries(gateway.database.db, 1, 20)).toHaveLength(1);
    expect(receiver.received).toHaveLength(0);

    const next = createWebhookWorker(gateway.database.db, silent, fast);
    while ((await pendingCount(gateway)) > 0) {
      await next.runOnce();
      await sleep(10);
    }
    expect(receiver.received.map((request) => JSON.parse(request.body).event)).toEqual(['article.published', 'article.published']);
    await receiver.close();
    await clearWebhooks(gateway);
  });

  test('a refused or failed mutation queues no event', async ({ gateway }) => {
    const key = await editorKey(gateway);
    await register(gateway, key, { url: 'https://example.org/hook', events: ['article.updated', 'article.published'] });
    const article = await newArticle(gateway, key);
    const before = await pendingCount(gateway);
    const stale = await gateway.execute(updateArticle, { input: { id: article.id, version: article.version + 5, title: 'Never' } }, { key });
    expect(stale.body.data.updateArticle.errors).toEqual([{ code: 'VERSION_CONFLICT' }]);
    const invalid = await gateway.execute(publishArticle, { input: { id: article.id, version: article.version, publishedAt: 'not a date' } }, { key });
    expect(invalid.body.data.publishArticle.errors[0].code).toBe('INVALID_FORMAT');
    expect(await pendingCount(gateway)).toBe(before);
    await clearWebhooks(gateway);
  });
});
