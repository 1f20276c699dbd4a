import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { describe, expect, test } from './support/gateway.js';
import { findExecutable, serviceAvailable } from './support/services.js';

// GraphiQL in a real browser with the network closed: every request to another origin than the
// gateway's is refused by the test, as on a machine without internet access. The screenshot
// CI keeps is ci-artifacts/graphiql.png.

const CHROMIUM = '/usr/bin/chromium';
const withChromium = serviceAvailable(findExecutable(CHROMIUM) ? null : `${CHROMIUM} is absent (apt-get install -y chromium)`);
const SCREENSHOT = path.resolve('ci-artifacts/graphiql.png');

let userDataDir = '';
let context: BrowserContext | undefined;
let server: Server | undefined;

beforeAll(async () => {
  if (!withChromium) return;
  userDataDir = await mkdtemp(path.join(tmpdir(), 'graphiql-browser-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1440, height: 900 },
  });
});

afterAll(async () => {
  await context?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
});

/** The text of the CodeMirror editor inside `selector`. */
const editorText = (selector: string) => `document.querySelector(${JSON.stringify(`${selector} .CodeMirror`)})?.CodeMirror.getValue() ?? ''`;

describe.runIf(withChromium)('GraphiQL in a browser, offline', () => {
  test('renders from the gateway alone, opens on the seed story, runs it and shows the Docs', async ({ seeded }) => {
    server = createServer(seeded.yoga);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const elsewhere: string[] = [];
    await context!.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin === origin) return route.continue();
      elsewhere.push(url);
      return route.abort('internetdisconnected');
    });
    const page = await context!.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(`${origin}/graphql`);
    await page.waitForSelector('.graphiql-query-editor .CodeMirror');
    expect(await page.evaluate(editorText('.graphiql-query-editor'))).toContain('article(slug: "ia-mega-data-center-valence-sesterce")');
    // One tab per example: the seed story, search, related, the partner field, editing.
    expect(await page.locator('.graphiql-tab').count()).toBe(5);

    const { body } = await seeded.execute('{ article(slug: "ia-mega-data-center-valence-sesterce") { title } }');
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(
      ([script, title]) => (eval(script) as string).includes(title),
      [editorText('.graphiql-response'), body.data.article.title] as const,
    );
    await page.screenshot({ path: SCREENSHOT });

    await page.click('[aria-label="Show Documentation Explorer"]');
    await expect(page.locator('.graphiql-doc-explorer').getByText('Root Types').isVisible()).resolves.toBe(true);
    await page.click('[aria-label="Show GraphiQL Explorer"]');
    await page.waitForSelector('.graphiql-explorer-root, .docExplorerWrap');

    expect(elsewhere).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
