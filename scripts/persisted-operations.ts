// `npm run persisted` writes persisted-operations.json (SHA-256 -> query) from the site's own
// operations (scripts/site-operations.ts); `--check` fails when the committed file differs.
import { readFile, writeFile } from 'node:fs/promises';
import { sha256 } from '../src/plugins/persisted-operations.js';
import { siteOperations } from './site-operations.js';

const target = new URL('../persisted-operations.json', import.meta.url);
const entries = Object.fromEntries((await siteOperations()).map((query) => [sha256(query), query]));
const printed = `${JSON.stringify(entries, null, 2)}\n`;

if (process.argv.includes('--check')) {
  const committed = await readFile(target, 'utf8').catch(() => '');
  if (committed !== printed) {
    console.error('persisted-operations.json is out of date: run `npm run persisted` and commit the result.');
    process.exit(1);
  }
  console.log('persisted-operations.json matches the site operations.');
} else {
  await writeFile(target, printed);
  console.log(`Wrote persisted-operations.json (${Object.keys(entries).length} operations).`);
}
