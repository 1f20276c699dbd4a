import { createHmac } from 'node:crypto';

/** The X-Webhook-Signature of a body: `sha256=` and the hex HMAC-SHA256 of its raw bytes with the endpoint's secret. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
