import { sql, type Kysely } from 'kysely';

// An article's lead and body in passages (its sentences), each with its French vector, kept
// ahead for search snippets: a snippet shows the passages that match best, and highlighting
// them alone costs a fraction of highlighting the whole text (ts_headline reads every word of
// what it is given through the dictionaries: 0.19 ms for an average article, 21 per search
// page). Statement-level triggers keep the passages in the writing transaction, whatever
// writes (mutations, importer, synthetic seeding). PostgreSQL 15 and PGlite; one statement per
// `execute` call (PGlite).

// A passage ends at a sentence's end (. ! ? … then a space) or at a line break: split at
// spaces only, so that a passage never starts or stops inside a word.
const passageEnd = String.raw`(?<=[.!?…])\s+|\s*\n\s*`;

/** The passages of `changed` rows: lead (weight B, as in search_vector) first, then body (C). */
const passagesOf = (rows: string, where = sql`true`) => sql`
  insert into article_passage (article_id, position, text, vector)
  select changed.id, passage.position, passage.text, setweight(to_tsvector('french_unaccent', passage.text), passage.weight)
  from ${sql.table(rows)} as changed,
       lateral (
         select (row_number() over (order by part.place, part.ordinality))::integer as position, btrim(part.text) as text, part.weight
         from (
           select 1 as place, split.text, split.ordinality, 'B'::"char" as weight
           from regexp_split_to_table(coalesce(changed.lead, ''), ${sql.lit(passageEnd)}) with ordinality as split(text, ordinality)
           union all
           select 2, split.text, split.ordinality, 'C'::"char"
           from regexp_split_to_table(coalesce(changed.body, ''), ${sql.lit(passageEnd)}) with ordinality as split(text, ordinality)
         ) as part
         where part.text ~ '[[:alnum:]]'
       ) as passage
  where ${where}`;

// An update rewrites the passages of the articles whose lead or body it changed.
const changedText = sql`exists (select from old_rows as previous
                                where previous.id = changed.id and (previous.lead, previous.body) is distinct from (changed.lead, changed.body))`;

const upStatements = [
  sql`create table article_passage (
        article_id integer not null references article (id) on delete cascade,
        position integer not null,
        text text not null,
        vector tsvector not null,
        primary key (article_id, position)
      )`,
  passagesOf('article'),
  sql`create function article_keeps_passages() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' then
          delete from article_passage as passage
          using new_rows as changed
          where passage.article_id = changed.id and ${changedText};
          ${passagesOf('new_rows', changedText)};
        else
          ${passagesOf('new_rows')};
        end if;
        return null;
      end $$`,
  // Transition tables allow one event per trigger; a deleted article's passages go by cascade.
  sql`create trigger article_keeps_passages_insert after insert on article
      referencing new table as new_rows for each statement execute function article_keeps_passages()`,
  sql`create trigger article_keeps_passages_update after update on article
      referencing old table as old_rows new table as new_rows for each statement execute function article_keeps_passages()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of upStatements) await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger article_keeps_passages_update on article`.execute(db);
  await sql`drop trigger article_keeps_passages_insert on article`.execute(db);
  await sql`drop function article_keeps_passages()`.execute(db);
  await sql`drop table article_passage`.execute(db);
}
