import type { TadaDocumentNode } from 'gql.tada';
import { print } from 'graphql';

export interface ClientOptions {
  /** The gateway's GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  /** An API key (`npm run apikey -- create ...`), for fields behind a scope. */
  apiKey?: string;
}

/** A GraphQL error as the gateway sends it: every one carries a code (src/errors.ts). */
export class GatewayError extends Error {
  constructor(readonly errors: ReadonlyArray<{ message: string; extensions: { code: string } }>) {
    super(errors.map((error) => `${error.extensions.code}: ${error.message}`).join('\n'));
  }
}

/** Runs one typed document; resolves to its data, typed by the document, or throws a GatewayError. */
export async function request<Result, Variables>(
  options: ClientOptions,
  document: TadaDocumentNode<Result, Variables>,
  variables: Variables,
): Promise<Result> {
  const response = await fetch(options.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
    },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: Result; errors?: GatewayError['errors'] };
  if (body.errors?.length) throw new GatewayError(body.errors);
  return body.data!;
}
