import { createTestGateway, describe, expect, test } from './support/gateway.js';
import { codeOf, postGraphQL, send } from './support/http.js';

describe('GET requests and CSRF prevention', () => {
  const query = encodeURIComponent('{ articles(first: 1) { totalCount } }');

  test('a plain GET of a query is answered (CDNs, curl, preloads); a GET of a mutation is not', async ({ gateway }) => {
    const bareGet = await send(gateway.yoga, { path: `/graphql?query=${query}`, headers: { accept: 'application/json' } });
    expect(bareGet.status).toBe(200);
    expect(bareGet.body.data.articles.totalCount).toBe(0);
    const mutation = encodeURIComponent('mutation { publishArticle(input: { id: "x", version: 1 }) { errors { code } } }');
    const mutationGet = await send(gateway.yoga, { path: `/graphql?query=${mutation}`, headers: { accept: 'application/json' } });
    expect(mutationGet.status).toBe(405);
  });

  test('CSRF_PREVENTION=true: a GET without a preflight header, or a form post, is refused; JSON posts and flagged GETs pass', async ({ gateway }) => {
    const guarded = await createTestGateway(gateway.database, { CSRF_PREVENTION: 'true' });
    const bareGet = await send(guarded.yoga, { path: `/graphql?query=${query}`, headers: { accept: 'application/json' } });
    expect(bareGet.status).toBe(403);
    expect(bareGet.body.errors[0].extensions.code).toBe('CSRF_HEADER_REQUIRED');
    const form = await send(guarded.yoga, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: `query=${query}`,
    });
    expect(form.status).toBe(403);

    const flaggedGet = await send(guarded.yoga, {
      path: `/graphql?query=${query}`,
      headers: { accept: 'application/json', 'x-graphql-yoga-csrf': '1' },
    });
    expect(flaggedGet.status).toBe(200);
    expect(flaggedGet.body.data.articles.totalCount).toBe(0);
    expect((await postGraphQL(guarded.yoga, { query: '{ __typename }' })).status).toBe(200);
    // GraphiQL itself is a page, then JSON posts.
    expect((await send(guarded.yoga, { headers: { accept: 'text/html' } })).status).toBe(200);
    await guarded.yoga.dispose();
  });
});

describe('CORS', () => {
  const preflight = (origin: string) => ({
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
  });

  test('any origin by default, without credentials', async ({ gateway }) => {
    const reply = await send(gateway.yoga, preflight('https://partner.example.com'));
    expect(reply.status).toBeLessThan(300);
    // Yoga answers '*' by naming the origin that asked (with Vary: Origin).
    expect(reply.headers.get('access-control-allow-origin')).toBe('https://partner.example.com');
    expect(reply.headers.get('access-control-allow-credentials')).not.toBe('true');
  });

  test('CORS_ORIGINS lists the origins allowed; others get no CORS headers; empty turns CORS off', async ({ gateway }) => {
    const listed = await createTestGateway(gateway.database, { CORS_ORIGINS: 'https://www.example.fr, https://app.example.fr' });
    const allowed = await send(listed.yoga, preflight('https://app.example.fr'));
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.fr');
    const other = await send(listed.yoga, preflight('https://evil.example.com'));
    expect(other.headers.get('access-control-allow-origin')).not.toBe('https://evil.example.com');
    await listed.yoga.dispose();

    const off = await createTestGateway(gateway.database, { CORS_ORIGINS: '' });
    const none = await send(off.yoga, preflight('https://www.example.fr'));
    expect(none.headers.get('access-control-allow-origin')).toBeNull();
    await off.yoga.dispose();
  });
});

describe('introspection', () => {
  test('INTROSPECTION=false refuses __schema and __type, and stops suggesting field names', async ({ gateway }) => {
    const closed = await createTestGateway(gateway.database, { INTROSPECTION: 'false' });
    const schema = await postGraphQL(closed.yoga, { query: '{ __schema { types { name } } }' });
    expect(schema.status).toBe(400);
    expect(codeOf(schema)).toBe('INTROSPECTION_DISABLED');
    const type = await postGraphQL(closed.yoga, { query: '{ __type(name: "Article") { name } }' });
    expect(codeOf(type)).toBe('INTROSPECTION_DISABLED');
    expect((await postGraphQL(closed.yoga, { query: '{ __typename }' })).body.data).toEqual({ __typename: 'Query' });

    const typo = await postGraphQL(closed.yoga, { query: '{ articls { totalCount } }' });
    expect(typo.body.errors[0].message).not.toMatch(/Did you mean/);
    await closed.yoga.dispose();

    const open = await postGraphQL(gateway.yoga, { query: '{ articls { totalCount } }' });
    expect(open.body.errors[0].message).toMatch(/Did you mean .*"articles"/);
  });
});
