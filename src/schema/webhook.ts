import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  deleteWebhook,
  findDeliveryAttempts,
  findWebhooks,
  insertWebhook,
  type DeliveryAttempt,
  type WebhookSummary,
} from '../repositories/webhook.js';
import { newWebhookRules } from '../validation/webhook.js';
import { WEBHOOK_EVENTS } from '../webhooks/events.js';
import { builder } from './builder.js';
import { deleteInput, editorMutation, idOf } from './entity-mutations.js';
import { decodeGlobalId, encodeGlobalId, rowIdOf } from './global-id.js';
import { payloadType, refuse } from './mutation.js';

// Webhooks, administered by editors: register an endpoint for some events, list, delete, and read
// its delivery log. The secret signs every delivery; when the gateway makes it, the payload shows
// it once, and neither the list nor the audit log ever does.

const WebhookType = builder.objectRef<WebhookSummary>('Webhook').implement({
  description: 'An endpoint that receives content events as signed POST requests.',
  fields: (t) => ({
    id: t.id({ description: 'Its id, for deleteWebhook and webhookDeliveries.', resolve: (webhook) => encodeGlobalId('Webhook', webhook.id) }),
    url: t.exposeString('url', { description: 'Where events are POSTed.' }),
    events: t.exposeStringList('events', { description: 'The events it receives, e.g. "article.published".' }),
    createdAt: t.expose('created_at', { type: 'DateTime', description: 'When it was registered.' }),
  }),
});

const WebhookDelivery = builder.objectRef<DeliveryAttempt>('WebhookDelivery').implement({
  description: 'One attempt at delivering an event to a webhook.',
  fields: (t) => ({
    eventId: t.exposeString('event_id', { description: 'The event, as its X-Webhook-Id header and payload `id` say.' }),
    event: t.exposeString('event', { description: 'Its name, e.g. "article.published".' }),
    attempt: t.exposeInt('attempt', { description: 'Which attempt this was, from 1.' }),
    statusCode: t.exposeInt('status_code', { nullable: true, description: "The receiver's HTTP status; null when none came (timeout, refused connection)." }),
    error: t.exposeString('error', { nullable: true, description: 'Why the attempt failed; null when it delivered.' }),
    at: t.expose('at', { type: 'DateTime', description: 'When the attempt ended.' }),
    deliveryStatus: t.exposeString('delivery_status', {
      description: 'Where the delivery stands now: "pending" (to be retried), "delivered" or "failed" (given up).',
    }),
  }),
});

/** The new webhook, with its secret when the gateway generated it. */
type CreatedWebhook = WebhookSummary & { generatedSecret: string | null };

const CreateWebhookPayload = payloadType('CreateWebhookPayload', 'webhook', WebhookType, 'the new webhook');

builder.objectField(CreateWebhookPayload, 'secret', (t) =>
  t.string({
    nullable: true,
    description: 'The secret the gateway generated to sign deliveries, shown this once; null when you gave one.',
    resolve: (payload) => (payload.result as CreatedWebhook | null)?.generatedSecret ?? null,
  }),
);

editorMutation('createWebhook', {
  description: `Registers an endpoint for content events. Events: ${WEBHOOK_EVENTS.join(', ')}.`,
  input: builder.inputType('CreateWebhookInput', {
    description: 'An endpoint and the events it wants.',
    fields: (t) => ({
      url: t.string({ required: true, description: 'An http(s) URL the events are POSTed to.' }),
      events: t.stringList({ required: true, description: 'Event names, e.g. ["article.published", "person.updated"].' }),
      secret: t.string({ description: 'Signs deliveries (16 to 200 characters); default: a generated one, returned once.' }),
    }),
  }),
  payload: CreateWebhookPayload,
  mutation: {
    action: 'webhook.create',
    input: newWebhookRules,
    secretFields: ['secret'],
    async write(db, request) {
      const generatedSecret = request.secret ? null : randomBytes(32).toString('base64url');
      const webhook = await insertWebhook(db, { url: request.url, events: request.events, secret: request.secret ?? generatedSecret! });
      const created: CreatedWebhook = { ...webhook, generatedSecret };
      return { result: created, entityType: 'webhook', entityId: webhook.id };
    },
  },
});

editorMutation('deleteWebhook', {
  description: 'Deletes a webhook: nothing more is sent to it, and its delivery log goes with it.',
  input: deleteInput('Webhook', 'webhook'),
  payload: payloadType('DeleteWebhookPayload', 'webhook', WebhookType, 'the deleted webhook'),
  mutation: {
    action: 'webhook.delete',
    input: z.object({ id: idOf('Webhook') }),
    async write(db, { id }) {
      const deleted = (await deleteWebhook(db, id)) ?? refuse('NOT_FOUND', ['id'], 'no webhook has this id');
      return { result: deleted, entityType: 'webhook', entityId: id };
    },
  },
});

builder.queryField('webhooks', (t) =>
  t.field({
    type: [WebhookType],
    authScopes: { editor: true },
    description: 'Every registered webhook, oldest first (never their secrets). Editors only.',
    resolve: (_root, _args, context) => findWebhooks(context.db),
  }),
);

builder.queryField('webhookDeliveries', (t) =>
  t.field({
    type: [WebhookDelivery],
    authScopes: { editor: true },
    description: "A webhook's latest delivery attempts, newest first (none for an unknown webhook). Editors only.",
    args: {
      webhookId: t.arg.id({ required: true, description: 'The webhook, as `webhooks` lists it.' }),
      first: t.arg.int({ description: 'How many attempts, at most 100 (default 20).' }),
    },
    resolve: async (_root, args, context) => {
      const id = rowIdOf(decodeGlobalId(String(args.webhookId)), 'Webhook');
      return findDeliveryAttempts(context.db, id, Math.min(Math.max(args.first ?? 20, 1), 100));
    },
  }),
);
