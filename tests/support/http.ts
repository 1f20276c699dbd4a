import type { Gateway } from '../../src/yoga.js';

export interface HttpReply {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or null when there is none (a 304) or it is not JSON. */
  body: any;
}

/** A request through `yoga.fetch`, with the headers a test needs (If-None-Match, X-Forwarded-For...). */
export async function send(yoga: Gateway, init: RequestInit & { path?: string } = {}): Promise<HttpReply> {
  const { path = '/graphql', ...rest } = init;
  const response = await yoga.fetch(`http://gateway${path}`, rest);
  const text = await response.text();
  let body: any = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: response.status, headers: response.headers, body };
}

/** POSTs a GraphQL operation as JSON; `key` goes in as a Bearer token. */
export function postGraphQL(
  yoga: Gateway,
  payload: { query?: string; variables?: Record<string, unknown>; extensions?: Record<string, unknown>; operationName?: string },
  options: { key?: string; headers?: Record<string, string> } = {},
): Promise<HttpReply> {
  return send(yoga, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify(payload),
  });
}

/** The first error code of a reply, or undefined. */
export const codeOf = (reply: HttpReply): string | undefined => reply.body?.errors?.[0]?.extensions?.code;
