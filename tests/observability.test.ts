import { describe, expect, test, type TestGateway } from './support/gateway.js';
import { postGraphQL, send } from './support/http.js';

const requestLines = (gateway: TestGateway) =>
  gateway.logLines().map((line) => JSON.parse(line)).filter((line) => line.msg === 'request');

const small = /* GraphQL */ `query Small { sources(first: 2) { edges { node { name } } } }`;
const nested = /* GraphQL */ `query Nested { articles(first: 3) { totalCount edges { node { title people { edges { node { fullName } } } } } } }`;

describe('request log', () => {
  test('one JSON line per request: id, operation, key prefix (never the key), duration, SQL count, cache, error codes', async ({ seeded }) => {
    const key = await seeded.createKey(['read']);
    const before = requestLines(seeded).length;
    const reply = await postGraphQL(seeded.yoga, { query: small, operationName: 'Small' }, { key, headers: { 'x-request-id': 'lb-1234-abcd' } });
    const lines = requestLines(seeded).slice(before);
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({
      reqId: 'lb-1234-abcd',
      method: 'POST',
      path: '/graphql',
      status: 200,
      operation: 'Small',
      operationType: 'query',
      viewer: key.split('_')[1],
      errors: [],
    });
    expect(line.durationMs).toBeGreaterThan(0);
    expect(line.sql).toBeGreaterThanOrEqual(2); // the key lookup, the sources
    expect(reply.headers.get('x-request-id')).toBe('lb-1234-abcd');
    expect(seeded.logLines().join('\n')).not.toContain(key);

    const bad = await postGraphQL(seeded.yoga, { query: '{ nope }' });
    const badLine = requestLines(seeded).at(-1);
    expect(badLine).toMatchObject({ status: 400, viewer: 'anonymous', errors: ['GRAPHQL_VALIDATION_FAILED'], sql: 0 });
    expect(bad.headers.get('x-request-id')).toBe(badLine.reqId);
  });

  test('statements are counted per request, even for requests served at the same time', async ({ seeded }) => {
    const alone = { small: (await seeded.execute(small)).statements, nested: (await seeded.execute(nested)).statements };
    expect(alone.nested).toBeGreaterThan(alone.small);
    const before = requestLines(seeded).length;
    await Promise.all([...Array(4)].flatMap(() => [postGraphQL(seeded.yoga, { query: small }), postGraphQL(seeded.yoga, { query: nested })]));
    const lines = requestLines(seeded).slice(before);
    expect(lines).toHaveLength(8);
    for (const line of lines) expect(line.sql).toBe(line.operation === 'Small' ? alone.small : alone.nested);
  });
});

describe('metrics', () => {
  test('/metrics serves Prometheus metrics: HTTP, GraphQL phases, process, and the gateway own', async ({ seeded }) => {
    await postGraphQL(seeded.yoga, { query: small });
    await postGraphQL(seeded.yoga, { query: '{ articles(first: 1000) { totalCount } }' });
    const reply = await seeded.yoga.fetch('http://gateway/metrics');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await reply.text();
    for (const metric of [
      'graphql_yoga_http_duration_bucket',
      'graphql_envelop_phase_execute_bucket',
      'graphql_envelop_request_duration_bucket',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'gateway_sql_statements_per_request_bucket',
    ]) {
      expect(text).toContain(metric);
    }
    expect(text).toMatch(/gateway_requests_total\{status="200",cache="none"\} \d+/);
    expect(text).toMatch(/gateway_errors_total\{code="INVALID_PAGE_SIZE"\} 1/);
    // The request durations once, as a histogram: not also as a (costly) tdigest summary.
    expect(text).not.toContain('graphql_envelop_request_time_summary');
    // No client-chosen label values unless METRICS_OPERATION_NAMES is on.
    expect(text).not.toContain('operationName="Small"');
  });

  test('/healthz and /readyz stay quiet in the log (debug level)', async ({ seeded }) => {
    await send(seeded.yoga, { path: '/healthz' });
    const line = seeded.logLines().map((entry) => JSON.parse(entry)).at(-1);
    expect(line).toMatchObject({ msg: 'request', path: '/healthz', level: 20 });
  });
});
