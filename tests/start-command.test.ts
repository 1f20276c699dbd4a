import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { PRODUCTION_NODE_FLAGS } from '../scripts/production-command.js';

// `npm start` runs the production build (scripts/start.js) with the production command's Node
// flags: the bounded heap that keeps the gateway's memory in check is the same for both ways in.

describe('npm start', () => {
  test('starts node with the production command\'s flags', async () => {
    const { scripts } = JSON.parse(await readFile('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(scripts['start']).toBe(`exec node ${PRODUCTION_NODE_FLAGS.join(' ')} scripts/start.js`);
  });
});
