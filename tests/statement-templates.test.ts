import { sql } from 'kysely';
import { StatementTemplates } from '../src/repositories/statement-templates.js';
import { describe, expect, test } from './support/gateway.js';

// Statements compiled once per shape: each call must get the rows of its own values.

describe('statement templates', () => {
  test('one shape, many calls: each call binds its own values; one statement each', async ({ seeded }) => {
    const db = seeded.database.db;
    const templates = new StatementTemplates((builder, _shape: 'topic slugs', stand: { ids: number[]; size: number }) =>
      builder.selectFrom('topic').select('slug').where('id', '=', sql<number>`any(${stand.ids}::int[])`).orderBy('id').limit(stand.size),
    );
    const slugsOf = async (ids: number[], size: number) => {
      const rows = await templates.execute(db, 'topic slugs', { ids, size });
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

  test('the shape is the key: two shapes of one builder never share a statement', async ({ seeded }) => {
    const templates = new StatementTemplates((builder, name: 'slug' | 'name', stand: { id: number }) =>
      builder.selectFrom('topic').select(name).where('id', '=', stand.id),
    );
    const [bySlug, byName] = [await templates.execute(seeded.database.db, 'slug', { id: 1 }), await templates.execute(seeded.database.db, 'name', { id: 1 })];
    expect(Object.keys(bySlug[0]!)).toEqual(['slug']);
    expect(Object.keys(byName[0]!)).toEqual(['name']);
  });

  test('with optimisations off, every call builds its own statement', async ({ seeded }) => {
    const plain = seeded.database.sibling!({ optimisations: false });
    try {
      const db = plain.db;
      const templates = new StatementTemplates((builder, name: 'slug' | 'name', stand: { id: number }) =>
        builder.selectFrom('topic').select(name).where('id', '=', stand.id),
      );
      const column = (name: 'slug' | 'name') => templates.execute(db, name, { id: 1 });
      const [bySlug, byName] = [await column('slug'), await column('name')];
      expect(Object.keys(bySlug[0]!)).toEqual(['slug']);
      expect(Object.keys(byName[0]!)).toEqual(['name']);
    } finally {
      await plain.close();
    }
  });

  test('a builder that does not pass a value through untouched is refused when the template is built', async ({ seeded }) => {
    const db = seeded.database.db;
    const templates = new StatementTemplates((builder, _shape: 'copied ids', stand: { ids: number[] }) =>
      builder.selectFrom('topic').select('slug').where('id', '=', sql<number>`any(${Array.from(stand.ids)}::int[])`),
    );
    const copying = templates.execute(db, 'copied ids', { ids: [1, 2] });
    await expect(copying).rejects.toThrow('ids did not reach the parameters as bound values.');
  });
});
