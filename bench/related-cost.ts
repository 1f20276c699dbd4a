import { sql } from 'kysely';
import { openDatabase } from '../src/db/connect.js';
import { anyRelatedArticle, findRelatedArticlePages } from '../src/repositories/related.js';
import { findPublicRelatedArticlePages, rankPublicRelatedArticlePages } from '../src/repositories/related-store.js';
import { cpuMicrosOf } from './process-stats.js';

// PostgreSQL CPU of Article.related(first: 5), one article at a time, on the bench database,
// ranked on the fly and through the store (related-store.ts), cold and warm:
// the CPU time (user + system) of the server process serving the connection, read from /proc
// before and after, so other clients of the server do not count.
//   DATABASE_URL=postgres://root@127.0.0.1:5432/gateway_bench_related npx tsx bench/related-cost.ts [articles]

const url = process.env.DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL to the bench database (PostgreSQL on this machine: its CPU is read from /proc).');
const sample = Number(process.argv[2] ?? 200);

const database = await openDatabase({ kind: 'postgres', url, poolSize: 1 });
try {
  const db = database.db;
  const ids = (await sql<{ id: number }>`select id from article where status = 'published' order by id`.execute(db)).rows.map((row) => row.id);
  const step = Math.max(1, Math.floor(ids.length / sample));
  const chosen = ids.filter((_, index) => index % step === 0).slice(0, sample);
  const backend = async () => {
    const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
    return { pid: rows[0]!.pid, cpuMicros: cpuMicrosOf(rows[0]!.pid) };
  };
  /** PostgreSQL CPU and wall time per article of `load`, run once per chosen article. */
  const measure = async (label: string, load: (id: number) => Promise<unknown>) => {
    const before = await backend();
    const started = performance.now();
    for (const id of chosen) await load(id);
    const elapsed = performance.now() - started;
    const after = await backend();
    if (after.pid !== before.pid) throw new Error('The connection changed during the run.');
    console.log(
      `${label.padEnd(58)} PostgreSQL CPU ${((after.cpuMicros - before.cpuMicros) / 1000 / chosen.length).toFixed(2)} ms, ` +
        `wall ${(elapsed / chosen.length).toFixed(2)} ms`,
    );
  };
  const onTheFly = (id: number) => findRelatedArticlePages(db, [id], { ...anyRelatedArticle, limit: 5 }, 'reader');
  const stored = (id: number) => findPublicRelatedArticlePages(db, [id], 5);
  for (const id of chosen.slice(0, 20)) await onTheFly(id);
  console.log(`${chosen.length} articles, related(first: 5), per article:`);
  await measure('ranked on the fly for 5 (editors)', onTheFly);
  await measure('ranked on the fly for 100, shown 5 (readers, OPTIMISATIONS=false)', (id) => rankPublicRelatedArticlePages(db, [id], 5));
  // a write moves the generation: every article's first view ranks and stores
  await sql`update related_generation set generation = generation + 1`.execute(db);
  await measure('readers, first view after a write (ranked and stored)', stored);
  await measure('readers, later views (read from the store)', stored);
} finally {
  await database.close();
}
