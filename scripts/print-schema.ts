// `npm run schema` writes schema.graphql from the code; `--check` fails when the committed
// file differs, so that CI catches a schema change nobody regenerated.
import { readFile, writeFile } from 'node:fs/promises';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from '../src/schema/index.js';

const target = new URL('../schema.graphql', import.meta.url);
const printed = `${printSchema(lexicographicSortSchema(schema))}\n`;

if (process.argv.includes('--check')) {
  const committed = await readFile(target, 'utf8').catch(() => '');
  if (committed !== printed) {
    console.error('schema.graphql is out of date: run `npm run schema` and commit the result.');
    process.exit(1);
  }
  console.log('schema.graphql matches the code.');
} else {
  await writeFile(target, printed);
  console.log('Wrote schema.graphql.');
}
