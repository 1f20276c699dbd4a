import pino from 'pino';
import { openDatabase } from '../src/db/connect.js';
import { createGateway } from '../src/yoga.js';
import { describe, expect, test, testSettings } from './support/gateway.js';

describe('operations endpoints', () => {
  test('/healthz says the process is up and /readyz that the database answers', async ({ gateway }) => {
    expect((await gateway.yoga.fetch('http://gateway/healthz')).status).toBe(200);
    expect((await gateway.yoga.fetch('http://gateway/readyz')).status).toBe(200);
  });

  test('/readyz says 503 and queries fail with SERVICE_UNAVAILABLE while the database is unreachable', async () => {
    // Nothing listens on port 1: the pool cannot connect.
    const database = await openDatabase({ kind: 'postgres', url: 'postgres://root@127.0.0.1:1/none', poolSize: 1 });
    const yoga = createGateway({ database, logger: pino({ level: 'silent' }), settings: testSettings() });
    expect((await yoga.fetch('http://gateway/healthz')).status).toBe(200);
    expect((await yoga.fetch('http://gateway/readyz')).status).toBe(503);
    const response = await yoga.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ articles { totalCount } }' }),
    });
    const body = await response.json();
    expect(body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(body.errors[0].message).toBe('The content database is unreachable; try again shortly.');
    await database.close();
  });

  test('a browser asking for /graphql gets GraphiQL, opened on the seed story', async ({ gateway }) => {
    const response = await gateway.yoga.fetch('http://gateway/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const page = await response.text();
    expect(page).toContain('GraphiQL');
    expect(page).toContain('ia-mega-data-center-valence-sesterce');
  });

  test('every type and field of the schema is described for GraphiQL', async ({ gateway }) => {
    const { body } = await gateway.execute(/* GraphQL */ `
      { __schema { types { name kind description fields { name description } } } }
    `);
    const undescribed: string[] = [];
    for (const type of body.data.__schema.types) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Boolean', 'ID', 'Float'].includes(type.name)) continue;
      if (!type.description) undescribed.push(type.name);
      for (const field of type.fields ?? []) if (!field.description) undescribed.push(`${type.name}.${field.name}`);
    }
    expect(undescribed.join(" ")).toBe("");
  });
});
