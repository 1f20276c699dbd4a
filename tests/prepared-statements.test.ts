import { sql } from 'kysely';
import { MAX_NAMED_STATEMENTS } from '../src/db/connect.js';
import { describe, expect, test } from './support/gateway.js';

// Statements are prepared by name so that PostgreSQL plans them once per connection, but only
// up to a bound: statement texts vary with what clients select, and each prepared statement
// stays in every connection that ran it.

describe('prepared statements', () => {
  test(`a connection keeps at most ${MAX_NAMED_STATEMENTS} of them; statements past the bound still run`, async ({ gateway }) => {
    const { prepared, last } = await gateway.database.db.transaction().execute(async (trx) => {
      let answer = 0;
      for (let variant = 0; variant < MAX_NAMED_STATEMENTS + 20; variant++) {
        const { rows } = await sql<{ n: number }>`select ${sql.lit(variant)}::int + ${1}::int as n`.execute(trx);
        answer = rows[0]!.n;
      }
      const { rows } = await sql<{ count: string }>`select count(*) from pg_prepared_statements`.execute(trx);
      return { prepared: Number(rows[0]!.count), last: answer };
    });
    expect(last).toBe(MAX_NAMED_STATEMENTS + 20);
    expect(prepared).toBeGreaterThan(0);
    expect(prepared).toBeLessThanOrEqual(MAX_NAMED_STATEMENTS);
  });

  test('with optimisations off, statements run unnamed: nothing more is prepared', async ({ gateway }) => {
    const plain = gateway.database.sibling!({ optimisations: false });
    try {
      const { before, after } = await plain.db.transaction().execute(async (trx) => {
        const count = async () => Number((await sql<{ count: string }>`select count(*) from pg_prepared_statements`.execute(trx)).rows[0]!.count);
        const before = await count();
        for (let variant = 0; variant < 5; variant++) await sql`select ${sql.lit(variant)}::int + ${1}::int as n`.execute(trx);
        return { before, after: await count() };
      });
      expect(after).toBe(before);
    } finally {
      await plain.close();
    }
  });
});
