// The example client's documents against the committed schema.graphql: a field renamed or
// removed fails here (gql.tada alone would type it `unknown`). Part of `npm run examples:check`.
import { readFile } from 'node:fs/promises';
import { buildSchema, parse, print, validate } from 'graphql';
import * as documents from './documents.js';

const schema = buildSchema(await readFile(new URL('../schema.graphql', import.meta.url), 'utf8'));
let failed = false;
for (const [name, document] of Object.entries(documents)) {
  for (const error of validate(schema, parse(print(document)))) {
    console.error(`examples/documents.ts ${name}: ${error.message}`);
    failed = true;
  }
}
if (failed) process.exit(1);
console.log(`${Object.keys(documents).length} example documents match schema.graphql.`);
