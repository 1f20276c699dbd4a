import type { GraphiQLOptions } from 'graphql-yoga';
import { assetUrl, type AssetName } from './assets.js';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

// JSON inside <script>: `<` escaped so that no value can close the element.
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

const styles: AssetName[] = ['graphiql.css', 'explorer.css'];
// In this order: each script uses the globals of those before it.
const scripts: AssetName[] = ['react.js', 'react-dom.js', 'graphiql.js', 'explorer.js', 'boot.js'];

/**
 * Yoga's `renderGraphiQL`: the GraphiQL page, every asset from this gateway (./assets.ts).
 * The options the browser needs travel as JSON, read by browser/boot.js.
 */
export function renderGraphiQLPage(options: GraphiQLOptions): string {
  const title = escapeHtml(options.title ?? 'GraphiQL');
  const browserOptions = {
    endpoint: options.endpoint ?? '/graphql',
    defaultTabs: options.defaultTabs ?? [{ query: options.defaultQuery ?? null }],
    defaultHeaders: options.defaultHeaders,
    shouldPersistHeaders: options.shouldPersistHeaders ?? false,
    defaultEditorToolsVisibility: options.defaultEditorToolsVisibility ?? true,
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" type="image/svg+xml" href="${assetUrl('favicon.svg')}">
${styles.map((name) => `<link rel="stylesheet" href="${assetUrl(name)}">`).join('\n')}
<style>body { margin: 0; } #graphiql { height: 100vh; }</style>
</head>
<body>
<div id="graphiql">Loading ${title}…</div>
<script id="graphiql-options" type="application/json">${scriptJson(browserOptions)}</script>
${scripts.map((name) => `<script src="${assetUrl(name)}"></script>`).join('\n')}
</body>
</html>
`;
}
