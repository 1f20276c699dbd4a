import { sql, type Kysely } from 'kysely';

// An entity's articles, newest first, straight from an index. The links carry their article's
// `listed_at`, indexed after the entity's id: a page of an organisation's articles is then a
// range scan of its links, where it used to read every link of the organisation and sort them
// (page 3 of an organisation with 1 900 articles: 4.5 ms). Triggers keep the copy equal to the
// article's value: a link takes it when written, and an article's links follow it when it moves.
const links = [
  ['article_person', 'person_id'],
  ['article_organisation', 'organisation_id'],
  ['article_project', 'project_id'],
  ['article_topic', 'topic_id'],
] as const;

const upStatements = [
  sql`create function link_takes_listed_at() returns trigger language plpgsql as $$
      begin
        select listed_at into new.listed_at from article where id = new.article_id;
        return new;
      end $$`,
  ...links.flatMap(([table, column]) => [
    sql`alter table ${sql.table(table)} add column listed_at timestamptz`,
    sql`update ${sql.table(table)} as link set listed_at = article.listed_at from article where article.id = link.article_id`,
    sql`alter table ${sql.table(table)} alter column listed_at set not null`,
    sql`create index ${sql.id(`${table}_listing_idx`)} on ${sql.table(table)} (${sql.ref(column)}, listed_at, article_id)`,
    sql`create trigger link_takes_listed_at before insert or update of article_id on ${sql.table(table)}
        for each row execute function link_takes_listed_at()`,
  ]),
  sql`create function links_follow_listed_at() returns trigger language plpgsql as $$
      begin
        ${sql.join(
          links.map(([table]) => sql`update ${sql.table(table)} set listed_at = new.listed_at where article_id = new.id;`),
          sql.raw('\n'),
        )}
        return null;
      end $$`,
  // AFTER: listed_at is generated, and only after the update does NEW hold its new value.
  sql`create trigger links_follow_listed_at after update on article
      for each row when (old.listed_at is distinct from new.listed_at) execute function links_follow_listed_at()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of upStatements) await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger links_follow_listed_at on article`.execute(db);
  await sql`drop function links_follow_listed_at()`.execute(db);
  for (const [table] of links) {
    await sql`drop trigger link_takes_listed_at on ${sql.table(table)}`.execute(db);
    await sql`alter table ${sql.table(table)} drop column listed_at`.execute(db);
  }
  await sql`drop function link_takes_listed_at()`.execute(db);
}
