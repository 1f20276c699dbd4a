import { sql, type Kysely } from 'kysely';

// Publishing (src/repositories/slug-history.ts, src/repositories/article-revision.ts):
// - slug_history: the slugs an object had before, so that its old links still find it. Kept by
//   triggers on every slugged table, whoever renames (mutations, the importer): a row's old slug
//   is recorded when its slug changes, and a slug a row takes (new or renamed) leaves the history,
//   so that a slug names one object at most, live or former.
// - article_revision: the pending change of a published article, which readers do not see until
//   it is published.
const sluggedTables = ['article', 'source', 'person', 'organisation', 'project', 'topic'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table slug_history (
              entity text not null,
              slug text not null,
              entity_id integer not null,
              retired_at timestamptz not null default now(),
              primary key (entity, slug)
            )`.execute(db);
  await sql`create index slug_history_entity_idx on slug_history (entity, entity_id)`.execute(db);
  await sql`create function keep_slug_history() returns trigger language plpgsql as $$
            begin
              if tg_op = 'UPDATE' and new.slug is distinct from old.slug then
                insert into slug_history (entity, slug, entity_id) values (tg_table_name, old.slug, old.id)
                on conflict (entity, slug) do update set entity_id = excluded.entity_id, retired_at = excluded.retired_at;
              end if;
              if tg_op = 'INSERT' or new.slug is distinct from old.slug then
                delete from slug_history where entity = tg_table_name and slug = new.slug;
              end if;
              return null;
            end $$`.execute(db);
  for (const table of sluggedTables) {
    await sql`create trigger ${sql.id(`${table}_keeps_slug_history`)} after insert or update of slug on ${sql.table(table)}
              for each row execute function keep_slug_history()`.execute(db);
  }
  // A deleted object leaves no redirect behind.
  await sql`create function forget_slug_history() returns trigger language plpgsql as $$
            begin
              delete from slug_history where entity = tg_table_name and entity_id = old.id;
              return null;
            end $$`.execute(db);
  for (const table of sluggedTables) {
    await sql`create trigger ${sql.id(`${table}_forgets_slug_history`)} after delete on ${sql.table(table)}
              for each row execute function forget_slug_history()`.execute(db);
  }

  await sql`create table article_revision (
              article_id integer primary key references article (id) on delete cascade,
              title text not null,
              lead text,
              body text,
              language text not null,
              created_at timestamptz not null default now(),
              updated_at timestamptz not null default now(),
              version integer not null default 1
            )`.execute(db);

  // A stored related ranking says when it was ranked: one ranked before a scheduled article
  // became due is out of date (src/repositories/related-store.ts).
  await sql`alter table related_ranking add column ranked_at timestamptz not null default '-infinity'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table related_ranking drop column ranked_at`.execute(db);
  await sql`drop table article_revision`.execute(db);
  for (const table of sluggedTables) {
    await sql`drop trigger ${sql.id(`${table}_forgets_slug_history`)} on ${sql.table(table)}`.execute(db);
    await sql`drop trigger ${sql.id(`${table}_keeps_slug_history`)} on ${sql.table(table)}`.execute(db);
  }
  await sql`drop function forget_slug_history()`.execute(db);
  await sql`drop function keep_slug_history()`.execute(db);
  await sql`drop table slug_history`.execute(db);
}
