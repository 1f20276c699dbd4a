import { evaluateRelated } from '../bench/related-eval.js';
import { seedOnFirstStart } from '../src/content/bootstrap.js';
import { openDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { formatTable, runScript } from './script-support.js';

// npm run related:eval: how close Article.related comes to an editor's picks on the seed and
// demo content (bench/related-judgements.ts), in a fresh in-memory database.

await runScript(async () => {
  const database = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  try {
    await migrateToLatest(database.db);
    await seedOnFirstStart(database.db, () => {});
    const evaluation = await evaluateRelated(database.db);
    const rows = evaluation.origins.map((score) => [
      score.origin,
      score.precisionAt3.toFixed(2),
      score.ndcgAt5.toFixed(2),
      score.missed.join(', '),
    ]);
    console.log(formatTable([['origin', 'P@3', 'nDCG@5', 'best picks missing from the first 3'], ...rows]));
    console.log(
      `\n${evaluation.origins.length} judged articles: precision@3 ${evaluation.precisionAt3.toFixed(3)}, nDCG@5 ${evaluation.ndcgAt5.toFixed(3)}`,
    );
    if (process.argv.includes('--picks')) {
      for (const score of evaluation.origins) console.log(`${score.origin}\n  ${score.picked.join('\n  ')}`);
    }
    return 0;
  } finally {
    await database.close();
  }
});
