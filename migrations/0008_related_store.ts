import { sql, type Kysely } from 'kysely';

// Related rankings stored ahead for the public audience (src/repositories/related-store.ts),
// exact by construction: one generation counter, bumped by every statement that can change any
// ranking (articles: text, status, dates; their links and pins; the names and slugs of the
// entities a reason shows), and each stored ranking says the generation it was computed at. A
// ranking of an older generation is never read, only replaced. Refreshing the rankings a write
// affects inside the write would be unbounded (one article changes corpus-wide counts); this
// costs the write one row update and the next view of each article one ranking.
const tables = [
  'article',
  'article_project',
  'article_person',
  'article_organisation',
  'article_topic',
  'article_related',
  'project',
  'person',
  'organisation',
  'topic',
] as const;

const triggerName = (table: string) => `${table}_bumps_related_generation`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table related_generation (
              single boolean primary key default true check (single),
              generation bigint not null
            )`.execute(db);
  await sql`insert into related_generation (generation) values (1)`.execute(db);
  await sql`create function bump_related_generation() returns trigger language plpgsql as $$
            begin
              update related_generation set generation = generation + 1;
              return null;
            end $$`.execute(db);
  for (const table of tables) {
    await sql`create trigger ${sql.id(triggerName(table))} after insert or update or delete or truncate on ${sql.table(table)}
              for each statement execute function bump_related_generation()`.execute(db);
  }
  // no foreign key: a deleted article moves the generation, so its row is never read again
  await sql`create table related_ranking (
              article_id integer primary key,
              generation bigint not null,
              listed timestamptz not null,
              subjects text[] not null,
              ranked jsonb not null
            )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table related_ranking`.execute(db);
  for (const table of tables) await sql`drop trigger ${sql.id(triggerName(table))} on ${sql.table(table)}`.execute(db);
  await sql`drop function bump_related_generation()`.execute(db);
  await sql`drop table related_generation`.execute(db);
}
