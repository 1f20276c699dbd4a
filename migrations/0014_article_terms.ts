import { sql, type Kysely } from 'kysely';

// Search's inverted table: per article and word (lexeme of its search_vector), how much the word
// weighs in it, its impact: the sum of the weights of the places it holds it, as ts_rank_cd
// weighs them (title 1, lead 0.4, body 0.2). Search reads the articles where each word of a
// query weighs most from the top of an index range, instead of fetching and ranking every
// article holding the word. Statement-level triggers keep it in the writing transaction, whatever
// writes (mutations, importer, synthetic seeding). PostgreSQL 15 and PGlite; one statement per
// `execute` call (PGlite).

// ts_rank_cd's default weights, per place: title (A), lead (B), body (C).
const weights = { A: 1, B: 0.4, C: 0.2, D: 0.1 };

/** The words of `changed` rows with their impacts (counted per weight: no subquery per word). */
const termsOf = (rows: string, where = sql`true`) => sql`
  insert into article_term (article_id, lexeme, impact)
  select changed.id, word.lexeme, (${sql.join(
    Object.entries(weights).map(([weight, value]) => sql`${sql.lit(value)} * cardinality(array_positions(word.weights, ${sql.lit(weight)}))`),
    sql` + `,
  )})::real
  from ${sql.table(rows)} as changed, unnest(changed.search_vector) as word
  where ${where}`;

// An update rewrites the terms of the articles whose text it changed.
const changedText = sql`exists (select from old_rows as previous
                                where previous.id = changed.id and previous.search_vector is distinct from changed.search_vector)`;

const upStatements = [
  sql`create table article_term (
        -- no foreign key: its check per row doubled what writing an article's terms costs; the delete trigger below
        article_id integer not null,
        lexeme text not null,
        impact real not null,
        primary key (article_id, lexeme)
      )`,
  termsOf('article'),
  // The articles where a word weighs most, first; the newest first among equals.
  sql`create index article_term_impact_idx on article_term (lexeme, impact desc, article_id desc)`,
  sql`create function article_keeps_terms() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          delete from article_term as term using old_rows as gone where term.article_id = gone.id;
        elsif tg_op = 'UPDATE' then
          delete from article_term as term
          using new_rows as changed
          where term.article_id = changed.id and ${changedText};
          ${termsOf('new_rows', changedText)};
        else
          ${termsOf('new_rows')};
        end if;
        return null;
      end $$`,
  // Transition tables allow one event per trigger.
  sql`create trigger article_keeps_terms_insert after insert on article
      referencing new table as new_rows for each statement execute function article_keeps_terms()`,
  sql`create trigger article_keeps_terms_update after update on article
      referencing old table as old_rows new table as new_rows for each statement execute function article_keeps_terms()`,
  sql`create trigger article_keeps_terms_delete after delete on article
      referencing old table as old_rows for each statement execute function article_keeps_terms()`,
  // Search no longer looks articles up by their title and lead's words (0006): the index goes, the vector stays for ranking.
  sql`drop index article_search_head_idx`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of upStatements) await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index article_search_head_idx on article using gin (search_head)`.execute(db);
  await sql`drop trigger article_keeps_terms_delete on article`.execute(db);
  await sql`drop trigger article_keeps_terms_update on article`.execute(db);
  await sql`drop trigger article_keeps_terms_insert on article`.execute(db);
  await sql`drop function article_keeps_terms()`.execute(db);
  await sql`drop table article_term`.execute(db);
}
