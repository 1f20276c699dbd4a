// `npm run search:eval [-- --verbose]`: runs the judged set (scripts/search-judged-set.ts) against
// a fresh in-memory database holding the seed story, the demo set and the synthetic corpus, and
// prints MRR@5, the zero-result rate and the queries that miss.
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createGateway } from '../src/yoga.js';
import { CUTOFF, evaluateSearch, loadJudgedContent } from './search-quality.js';
import { formatTable, runScript } from './script-support.js';

await runScript(async () => {
  const verbose = process.argv.includes('--verbose');
  const database = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  try {
    await migrateToLatest(database.db);
    await loadJudgedContent(database.db);
    const settings = loadConfig({ RESPONSE_CACHE: 'false', RATE_LIMIT: 'false' });
    const yoga = createGateway({ database, logger: pino({ level: process.env.LOG_LEVEL ?? 'silent' }), settings });
    const execute = async (query: string, variables: Record<string, unknown>) => {
      const response = await yoga.fetch('http://gateway/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query, variables }),
      });
      return response.json();
    };
    const { results, mrr, zeroResultRate } = await evaluateSearch(execute);
    await yoga.dispose();
    const shown = verbose ? results : results.filter((result) => result.reciprocalRank < 1);
    if (shown.length) {
      console.log(
        formatTable([
          ['query', 'flavour', 'RR', `first ${CUTOFF} found`],
          ...shown.map((result) => [result.query, result.flavour, Number(result.reciprocalRank.toFixed(2)), result.found.join(' ') || '(nothing)']),
        ]),
      );
      console.log();
    }
    const zero = results.filter((result) => !result.found.length).length;
    console.log(`${results.length} judged queries: MRR@${CUTOFF} ${mrr.toFixed(3)}, zero-result rate ${(zeroResultRate * 100).toFixed(1)} % (${zero} queries)`);
    return 0;
  } finally {
    await database.close();
  }
});
