import { errorCodeDescriptions, userErrorCodes, type ErrorCode } from '../src/errors.js';
import { encodeGlobalId } from '../src/schema/global-id.js';
import { describe, expect, test } from './support/gateway.js';

// One catalogue (src/errors.ts) lists every code a client can meet, with what it means: the
// codes the gateway answers with are all in it, and the schema documents the payload codes
// from it, so a client developer can rely on the list.

describe('the error catalogue', () => {
  test('the schema documents every payload code, as the catalogue describes it', async ({ gateway }) => {
    const response = await gateway.execute(/* GraphQL */ `
      {
        __type(name: "UserErrorCode") {
          description
          enumValues {
            name
            description
          }
        }
      }
    `);
    const enumValues = response.body.data.__type.enumValues as Array<{ name: string; description: string }>;
    expect(Object.fromEntries(enumValues.map(({ name, description }) => [name, description]))).toEqual(userErrorCodes);
  });

  test('every code the gateway answers with is in the catalogue', async ({ seeded }) => {
    const editorKey = await seeded.createKey(['editor']);
    const refusals = [
      await seeded.execute(/* GraphQL */ `{ articles { edges { cursor } }`),
      await seeded.execute(/* GraphQL */ `{ articles { nothingHere } }`),
      await seeded.execute(/* GraphQL */ `{ node(id: "not-an-id") { id } }`),
      await seeded.execute(/* GraphQL */ `{ articles(first: 2, after: "garbage!") { edges { cursor } } }`),
      await seeded.execute(/* GraphQL */ `{ articles(first: 1000) { edges { cursor } } }`),
      await seeded.execute(/* GraphQL */ `{ article { title } }`),
      await seeded.execute(/* GraphQL */ `{ articles { totalCount } }`, {}, { key: 'cgw_0000000000_unknown' }),
      await seeded.execute(/* GraphQL */ `mutation { createTopic(input: { name: "Énergie" }) { errors { code } } }`),
      await seeded.execute(/* GraphQL */ `query ($slug: String!) { article(slug: $slug) { title } }`),
      await seeded.execute(/* GraphQL */ `query ($first: Int) { articles(first: $first) { totalCount } }`, { first: 'ten' }),
      await seeded.execute(/* GraphQL */ `query One { articles { totalCount } } query Two { articles { totalCount } }`),
    ];
    const codes = refusals.map((response) => response.body.errors?.[0]?.extensions?.code as ErrorCode);
    expect(codes).toEqual([
      'GRAPHQL_PARSE_FAILED',
      'GRAPHQL_VALIDATION_FAILED',
      'INVALID_ID',
      'INVALID_CURSOR',
      'INVALID_PAGE_SIZE',
      'BAD_USER_INPUT',
      'UNAUTHENTICATED',
      'FORBIDDEN',
      'BAD_USER_INPUT',
      'BAD_USER_INPUT',
      'OPERATION_RESOLUTION_FAILURE',
    ]);
    for (const code of codes) expect(errorCodeDescriptions.get(code), code).toBeTruthy();

    const refused = await seeded.execute(
      /* GraphQL */ `
        mutation ($article: ID!) {
          updateArticle(input: { id: $article, version: 1, title: "" }) {
            errors {
              code
            }
          }
        }
      `,
      { article: encodeGlobalId('Person', 1) },
      { key: editorKey },
    );
    const payloadCodes = refused.body.data.updateArticle.errors.map((error: { code: string }) => error.code);
    expect(payloadCodes).toEqual(['INVALID_ID', 'REQUIRED']);
    for (const code of payloadCodes) expect(Object.keys(userErrorCodes)).toContain(code);
  });
});
