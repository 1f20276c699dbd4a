import { z } from 'zod';
import { WEBHOOK_EVENTS } from '../webhooks/events.js';
import { webUrl } from './fields.js';

// What createWebhook accepts: an http(s) endpoint, known event names, and a secret long enough
// to sign with (one is generated when none is given).

export const newWebhookRules = z.object({
  url: webUrl,
  events: z
    .array(z.enum(WEBHOOK_EVENTS as [string, ...string[]], { error: (issue) => `"${String(issue.input)}" is not an event (events: ${WEBHOOK_EVENTS.join(', ')})` }))
    .min(1, 'needs at least one event')
    .transform((events) => [...new Set(events)]),
  secret: z.string().min(16, 'must be at least 16 characters').max(200, 'must be at most 200 characters').nullish(),
});
