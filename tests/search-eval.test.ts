import { CUTOFF, evaluateSearch, loadJudgedContent } from '../scripts/search-quality.js';
import { describe, expect, test } from './support/gateway.js';

// The judged set of `npm run search:eval` (scripts/search-judged-set.ts), on the same content:
// search quality may rise, never fall below the figures reached in issue 13.

const MRR_FLOOR = 0.98;

describe('search quality on the judged set', () => {
  test(`MRR@${CUTOFF} stays at or above ${MRR_FLOOR}, and every judged query finds something`, async ({ gateway }) => {
    await loadJudgedContent(gateway.database.db);
    const { mrr, zeroResultRate, results } = await evaluateSearch(async (query, variables) => (await gateway.execute(query, variables)).body);
    const misses = results.filter((result) => result.reciprocalRank < 1).map((result) => `${result.query}: ${result.found.join(' ')}`);
    expect(mrr, misses.join('\n')).toBeGreaterThanOrEqual(MRR_FLOOR);
    expect(zeroResultRate).toBe(0);
  });
});
