import { sql, type Kysely } from 'kysely';
import { StatementTemplates } from '../src/repositories/statement-templates.js';
import { describe, expect, test } from './support/gateway.js';

// Statements compiled once per shape: each call must get the rows of its own values.

describe('statement templates', () => {
  test('one shape, many calls: each call binds its own values; one statement each', async ({ seeded }) => {
    const db = seeded.database.db as Kysely<any>;
    const templates = new StatementTemplates();
    const slugsOf = async (ids: number[], size: number) => {
      const rows = await templates.execute(db, 'topic slugs', { ids, size }, (stand) =>
        db.selectFrom('topic').select('slug').where('id', '=', sql<number>`any(${stand.ids}::int[])`).orderBy('id').limit(stand.size),
      );
      return rows.map((row) => row.slug);
    };
    const topics = await db.selectFrom('topic').select(['id', 'slug']).orderBy('id').execute();
    expect(topics.length).toBeGreaterThanOrEqual(3);
    const before = seeded.database.statementCount;
    expect(await slugsOf([topics[0]!.id, topics[1]!.id], 10)).toEqual([topics[0]!.slug, topics[1]!.slug]);
    expect(await slugsOf([topics[2]!.id], 10)).toEqual([topics[2]!.slug]);
    expect(await slugsOf(topics.map((topic) => topic.id), 1)).toEqual([topics[0]!.slug]);
    expect(seeded.database.statementCount - before).toBe(3);
  });

  test('a builder that does not pass a value through untouched is refused when the template is built', async ({ seeded }) => {
    const db = seeded.database.db as Kysely<any>;
    const templates = new StatementTemplates();
    const copying = templates.execute(db, 'copied ids', { ids: [1, 2] }, (stand) =>
      db.selectFrom('topic').select('slug').where('id', '=', sql<number>`any(${Array.from(stand.ids)}::int[])`),
    );
    await expect(copying).rejects.toThrow('Statement template "copied ids": ids did not reach the parameters as bound values.');
  });
});
