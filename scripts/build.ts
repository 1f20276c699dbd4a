// `npm run build`: the production build, `node dist/main.js`. One ESM file bundled by esbuild
// (already installed: tsx runs on it, so the emitted code is the code the tests run). Packages
// stay in node_modules; one file rather than a tree of modules makes the start faster.
// `npm run typecheck` checks the types: esbuild only strips them.
import { cp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { openDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedOnFirstStart } from '../src/content/bootstrap.js';
import { PGLITE_SEEDED_TEMPLATE_FOLDER, PGLITE_TEMPLATE_FOLDER, SEEDED_TEMPLATE_LOG } from '../src/startup.js';
import { PRODUCTION_NODE_FLAGS } from './production-command.js';

// The folder may be given (tests build into their own); it must lie inside the project, where
// the bundle's imports find node_modules.
const out = process.argv[2] ? pathToFileURL(`${path.resolve(process.argv[2])}/`) : new URL('../dist/', import.meta.url);
await rm(out, { recursive: true, force: true });
await build({
  entryPoints: [fileURLToPath(new URL('../src/main.ts', import.meta.url))],
  outfile: fileURLToPath(new URL('main.js', out)),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  // For stack traces with source lines: NODE_OPTIONS=--enable-source-maps.
  sourcemap: true,
  logLevel: 'warning',
});
// The first start's content is read next to the code (src/content/bootstrap.ts: ./seed/ of its module).
await cp(new URL('../src/content/seed/', import.meta.url), new URL('seed/', out), { recursive: true });
// GraphiQL's own script and icon, read next to the code too (src/graphiql/assets.ts: ./browser/).
await cp(new URL('../src/graphiql/browser/', import.meta.url), new URL('browser/', out), { recursive: true });
// A first start on an empty PGlite folder copies one of these instead of creating a database
// (src/startup.ts): migrated, and migrated with the first start's content (SEED_DEMO, the default).
const emptyTemplate = fileURLToPath(new URL(PGLITE_TEMPLATE_FOLDER, out));
const template = await openDatabase({ kind: 'pglite', dataDir: emptyTemplate });
await migrateToLatest(template.db);
await template.close();
const seededTemplate = fileURLToPath(new URL(PGLITE_SEEDED_TEMPLATE_FOLDER, out));
await cp(emptyTemplate, seededTemplate, { recursive: true });
const seeded = await openDatabase({ kind: 'pglite', dataDir: seededTemplate });
const seedLog: string[] = [];
await seedOnFirstStart(seeded.db, (line) => seedLog.push(line));
await seeded.close();
await writeFile(new URL(SEEDED_TEMPLATE_LOG, out), `${seedLog.join('\n')}\n`);
// Last: `npm start` (scripts/start.js) takes a build without it for unfinished, and builds again.
await writeFile(new URL('build-complete', out), `${new Date().toISOString()}\n`);
const main = path.relative(process.cwd(), fileURLToPath(new URL('main.js', out)));
console.log(`Built ${main}: start it with \`NODE_ENV=production node ${PRODUCTION_NODE_FLAGS.join(' ')} ${main}\`.`);
