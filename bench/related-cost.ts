import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/connect.js';
import { anyRelatedArticle, findRelatedArticlePages } from '../src/repositories/related.js';

// PostgreSQL CPU of Article.related(first: 5), one article at a time, on the bench database:
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
    const fields = (await readFile(`/proc/${rows[0]!.pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
    // utime and stime, in clock ticks (fields 14 and 15 of /proc/<pid>/stat)
    return { pid: rows[0]!.pid, ticks: Number(fields[11]) + Number(fields[12]) };
  };
  for (const id of chosen.slice(0, 20)) await findRelatedArticlePages(db, [id], { ...anyRelatedArticle, limit: 5 }, 'reader');
  const before = await backend();
  const started = performance.now();
  for (const id of chosen) await findRelatedArticlePages(db, [id], { ...anyRelatedArticle, limit: 5 }, 'reader');
  const elapsed = performance.now() - started;
  const after = await backend();
  if (after.pid !== before.pid) throw new Error('The connection changed during the run.');
  const ticksPerSecond = 100;
  console.log(
    `${chosen.length} articles: PostgreSQL CPU ${(((after.ticks - before.ticks) / ticksPerSecond) * 1000 / chosen.length).toFixed(2)} ms per related(first: 5), ` +
      `wall ${(elapsed / chosen.length).toFixed(2)} ms`,
  );
} finally {
  await database.close();
}
