import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { schema } from '../src/schema/index.js';

// The schema is built by Pothos with graphql's CommonJS build; vitest would hand this file the
// ESM build, whose validate() refuses a schema of the other. Take the same build as the schema.
const { parse, validate } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

// The README teaches the API by example: every operation in its ```graphql blocks must stay
// valid against the schema, so that a renamed field cannot leave the documentation wrong.
async function readmeOperations(): Promise<string[]> {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);
  // Operations within a block are separated by blank lines (comments belong to the next one).
  return blocks.flatMap((block) => block.split(/\n\s*\n/)).filter((chunk) => /^\s*(query|mutation|\{)/m.test(chunk));
}

describe('the README', () => {
  test('every GraphQL example is valid against the schema', async () => {
    const operations = await readmeOperations();
    expect(operations.length).toBeGreaterThan(8);
    for (const operation of operations) {
      const errors = validate(schema, parse(operation)).map((error) => error.message);
      expect({ operation, errors }).toEqual({ operation, errors: [] });
    }
  });
});
