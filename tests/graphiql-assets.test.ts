import { gunzipSync } from 'node:zlib';
import { graphiqlTabs } from '../src/graphiql/tabs.js';
import type { Gateway } from '../src/yoga.js';
import { describe, expect, test } from './support/gateway.js';

// GraphiQL's page and assets as a browser on a machine without internet access gets them
// (the browser itself: tests/graphiql-browser.test.ts).

const pageOf = async (yoga: Gateway) =>
  (await yoga.fetch('http://gateway/graphql', { headers: { accept: 'text/html' } })).text();

describe('GraphiQL assets', () => {
  test('every script, style and icon comes from the gateway, compressed, cached for good, well under 9 MB', async ({ gateway }) => {
    const page = await pageOf(gateway.yoga);
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
    const urls = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(urls.length).toBe(8);
    let transferred = 0;
    for (const url of urls) {
      expect(url).toMatch(/^\/graphiql\/[a-z-]+\.[\w-]{12}\.(js|css|svg)$/);
      const response = await gateway.yoga.fetch(`http://gateway${url}`, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
      expect(response.status, url).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('content-encoding')).toBe('br');
      transferred += (await response.arrayBuffer()).byteLength;
    }
    expect(transferred).toBeLessThan(1_000_000);
  });

  test('a browser without brotli gets gzip; a path with a stale hash is not found', async ({ gateway }) => {
    const page = await pageOf(gateway.yoga);
    const script = /src="(\/graphiql\/graphiql\.[\w-]+\.js)"/.exec(page)![1]!;
    const gzip = await gateway.yoga.fetch(`http://gateway${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()).toMatch(/GraphiQL/);
    const stale = await gateway.yoga.fetch('http://gateway/graphiql/graphiql.AAAAAAAAAAAA.js');
    expect(stale.status).toBe(404);
  });

  test('every example tab is a valid operation within the default limits', async ({ seeded }) => {
    for (const tab of graphiqlTabs) {
      const { body } = await seeded.execute(tab.query.replace(/mutation[\s\S]*$/, ''), tab.variables ? JSON.parse(tab.variables) : {});
      // Without a key the partner field is refused by scope; nothing else may fail.
      const codes = (body.errors ?? []).map((error: { extensions: { code: string } }) => error.extensions.code);
      expect(codes.filter((code: string) => code !== 'FORBIDDEN'), tab.query).toEqual([]);
    }
  });
});
