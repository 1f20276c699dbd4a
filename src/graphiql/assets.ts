import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';

// GraphiQL's scripts, styles and icon, served by the gateway itself from the installed npm
// packages: the page works on a machine with no internet access and loads nothing from a CDN.
// Each path holds a hash of its content, so a browser keeps a file for a year and an upgrade
// changes the path; each file is compressed once, on its first request.

export const ASSET_PREFIX = '/graphiql/';

const require = createRequire(import.meta.url);
const fromPackage = (name: string, file: string) => path.join(path.dirname(require.resolve(`${name}/package.json`)), file);
// Next to this module under src/, next to the bundle in dist/ (scripts/build.ts copies them).
const ownFile = (file: string) => fileURLToPath(new URL(`browser/${file}`, import.meta.url));

// Keyed by the name each is served under, its content hash inserted before the extension.
// Brotli at quality 5: within 3 % of quality 9 on these files, at a quarter of the CPU.
const sources = {
  'react.js': fromPackage('react', 'umd/react.production.min.js'),
  'react-dom.js': fromPackage('react-dom', 'umd/react-dom.production.min.js'),
  'graphiql.js': fromPackage('graphiql', 'graphiql.min.js'),
  'graphiql.css': fromPackage('graphiql', 'graphiql.min.css'),
  'explorer.js': fromPackage('@graphiql/plugin-explorer', 'dist/index.umd.js'),
  'explorer.css': fromPackage('@graphiql/plugin-explorer', 'dist/style.css'),
  'boot.js': ownFile('boot.js'),
  'favicon.svg': ownFile('favicon.svg'),
} as const;

const contentTypes: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

export type AssetName = keyof typeof sources;

interface Asset {
  url: string;
  type: string;
  content: Buffer;
  encoded: Map<string, Buffer>;
}

let loaded: Map<AssetName, Asset> | undefined;

/** The assets, read once per process (the first GraphiQL page pays for it, not the start). */
function assets(): Map<AssetName, Asset> {
  loaded ??= new Map(
    (Object.entries(sources) as Array<[AssetName, string]>).map(([name, file]) => {
      const content = readFileSync(file);
      const hash = createHash('sha256').update(content).digest('base64url').slice(0, 12);
      const { name: base, ext } = path.parse(name);
      return [name, { url: `${ASSET_PREFIX}${base}.${hash}${ext}`, type: contentTypes[ext]!, content, encoded: new Map() }];
    }),
  );
  return loaded;
}

/** The address of an asset, for the page's `<script>` and `<link>` tags. */
export function assetUrl(name: AssetName): string {
  return assets().get(name)!.url;
}

const encoders: Record<string, (content: Buffer) => Buffer> = {
  br: (content) => brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }),
  gzip: (content) => gzipSync(content),
};

/** Brotli, else gzip, else none, as the browser accepts. */
function encodingFor(acceptEncoding: string | null): string | null {
  const accepted = new Set((acceptEncoding ?? '').split(',').map((part) => part.split(';')[0]!.trim()));
  return Object.keys(encoders).find((encoding) => accepted.has(encoding)) ?? null;
}

/** Answers GET /graphiql/<name>.<hash>.<ext> before Yoga looks at the request. */
export function useGraphiQLAssets(): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (!url.pathname.startsWith(ASSET_PREFIX)) return;
      const asset = [...assets().values()].find((candidate) => candidate.url === url.pathname);
      if (!asset || (request.method !== 'GET' && request.method !== 'HEAD')) {
        endResponse(new fetchAPI.Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } }));
        return;
      }
      const encoding = encodingFor(request.headers.get('accept-encoding'));
      let body = asset.content;
      if (encoding) {
        if (!asset.encoded.has(encoding)) asset.encoded.set(encoding, encoders[encoding]!(asset.content));
        body = asset.encoded.get(encoding)!;
      }
      const headers: Record<string, string> = {
        'Content-Type': `${asset.type}; charset=utf-8`,
        'Cache-Control': 'public, max-age=31536000, immutable',
        Vary: 'Accept-Encoding',
      };
      if (encoding) headers['Content-Encoding'] = encoding;
      const bytes = new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength);
      endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : bytes, { status: 200, headers }));
    },
  };
}
