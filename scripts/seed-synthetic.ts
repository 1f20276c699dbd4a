// `npm run seed:synthetic -- --articles N [--sources 200 --people 5000 --organisations 2000
//  --projects 1000 --topics 300 --seed 42] [--replace]`: loads a deterministic synthetic corpus
// (slugs starting with "synth-") into the configured database, for benchmarks. Entity counts
// default to N's share of the 20 000-article benchmark corpus. Exit code 2 when synthetic content
// is already there and --replace is not given.
import { parseArgs } from 'node:util';
import { SyntheticContentExistsError, seedSynthetic } from '../src/content/synthetic.js';
import type { SeedSyntheticOptions } from '../src/content/synthetic.js';
import { defaultSyntheticSeed } from '../src/content/synthetic-corpus.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { runScript, UsageError, withConfiguredDatabase } from './script-support.js';

const usage =
  'usage: npm run seed:synthetic -- --articles N [--sources N --people N --organisations N --projects N --topics N --seed N] [--replace]';
const countOptions = ['articles', 'sources', 'people', 'organisations', 'projects', 'topics', 'seed'] as const;
const count = { type: 'string' } as const;

function parseArguments(): SeedSyntheticOptions {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        articles: count,
        sources: count,
        people: count,
        organisations: count,
        projects: count,
        topics: count,
        seed: count,
        replace: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${usage}`);
  }
  const counts: Partial<Record<(typeof countOptions)[number], number>> = {};
  for (const name of countOptions) {
    const value = parsed.values[name];
    if (value === undefined) continue;
    if (!/^\d+$/.test(value) || (name !== 'seed' && Number(value) < 1)) {
      throw new UsageError(`--${name} must be a whole number${name === 'seed' ? '' : ' of at least 1'}\n${usage}`);
    }
    counts[name] = Number(value);
  }
  if (counts.articles === undefined) throw new UsageError(`--articles is required\n${usage}`);
  return { ...counts, articles: counts.articles, replace: parsed.values.replace === true };
}

await runScript(async () => {
  const options = parseArguments();
  return withConfiguredDatabase(async ({ db }, where) => {
    await migrateToLatest(db);
    const started = performance.now();
    try {
      const { sizes, links } = await seedSynthetic(db, { ...options, onProgress: (line) => console.error(line) });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(
        `Loaded into ${where} in ${seconds} s: ${sizes.articles} articles, ${sizes.sources} sources, ` +
          `${sizes.people} people, ${sizes.organisations} organisations, ${sizes.projects} projects, ` +
          `${sizes.topics} topics and ${links} links (seed ${options.seed ?? defaultSyntheticSeed}).`,
      );
      return 0;
    } catch (error) {
      if (error instanceof SyntheticContentExistsError) throw new UsageError(error.message);
      throw error;
    }
  });
});
