import { sql, type Kysely } from 'kysely';

// What related scoring needs to know about the whole corpus, kept ahead: how many articles hold
// each word (lexeme of their search vector) and link each entity, and how many articles there
// are. Counting them per page view cost PostgreSQL tens of milliseconds (a bitmap heap scan per
// word); here they are primary-key probes. Statement-level triggers keep the counts exact in
// the writing transaction, whatever writes (the editor's mutations, the importer, the synthetic
// seeding), one update per statement.
//   kind 'corpus', key '': the number of articles;
//   kind 'word', key a lexeme: the articles holding it;
//   kind 'project' | 'person' | 'organisation' | 'topic', key the entity's id: the articles linking it.
const links = [
  ['article_project', 'project', 'project_id'],
  ['article_person', 'person', 'person_id'],
  ['article_organisation', 'organisation', 'organisation_id'],
  ['article_topic', 'topic', 'topic_id'],
] as const;

/** Adds `delta` rows (kind, key, change) to the counts (a count may fall to 0 and stay: it reads as unheld). */
const applyDeltas = (deltas: ReturnType<typeof sql>) => sql`
  insert into related_rarity as counted (kind, key, articles)
  select delta.kind, delta.key, sum(delta.change) from (${deltas}) as delta
  group by delta.kind, delta.key having sum(delta.change) <> 0
  on conflict (kind, key) do update set articles = counted.articles + excluded.articles;`;

const articleDeltas = (rows: string, change: number) => sql`
  select 'corpus' as kind, '' as key, ${sql.lit(change)} as change from ${sql.table(rows)}
  union all
  select 'word', word.lexeme, ${sql.lit(change)} from ${sql.table(rows)} as changed, unnest(changed.search_vector) as word`;

const linkDeltas = (rows: string, kind: string, column: string, change: number) => sql`
  select ${sql.lit(kind)} as kind, ${sql.ref(`changed.${column}`)}::text as key, ${sql.lit(change)} as change
  from ${sql.table(rows)} as changed`;

/** A trigger function counting what a statement inserted (new_rows) and removed (old_rows). */
const countingFunction = (name: string, inserted: ReturnType<typeof sql>, removed: ReturnType<typeof sql>) => sql`
  create function ${sql.id(name)}() returns trigger language plpgsql as $$
  begin
    if tg_op in ('INSERT', 'UPDATE') then ${applyDeltas(inserted)} end if;
    if tg_op in ('UPDATE', 'DELETE') then ${applyDeltas(removed)} end if;
    return null;
  end $$`;

/** Transition tables allow one event per trigger: three triggers per table. */
const countingTriggers = (table: string, name: string) => [
  sql`create trigger ${sql.id(`${name}_insert`)} after insert on ${sql.table(table)}
      referencing new table as new_rows for each statement execute function ${sql.id(name)}()`,
  sql`create trigger ${sql.id(`${name}_update`)} after update on ${sql.table(table)}
      referencing old table as old_rows new table as new_rows for each statement execute function ${sql.id(name)}()`,
  sql`create trigger ${sql.id(`${name}_delete`)} after delete on ${sql.table(table)}
      referencing old table as old_rows for each statement execute function ${sql.id(name)}()`,
];

const upStatements = [
  sql`create table related_rarity (
        kind text not null,
        key text not null,
        articles integer not null,
        primary key (kind, key)
      )`,
  sql`insert into related_rarity (kind, key, articles)
      select 'corpus', '', count(*) from article having count(*) > 0
      union all
      select 'word', word.lexeme, count(*) from article, unnest(article.search_vector) as word group by word.lexeme`,
  ...links.map(
    ([table, kind, column]) =>
      sql`insert into related_rarity (kind, key, articles)
          select ${sql.lit(kind)}, ${sql.ref(column)}::text, count(*) from ${sql.table(table)} group by ${sql.ref(column)}`,
  ),
  countingFunction('article_counts_related_rarity', articleDeltas('new_rows', 1), articleDeltas('old_rows', -1)),
  ...countingTriggers('article', 'article_counts_related_rarity'),
  ...links.flatMap(([table, kind, column]) => [
    countingFunction(`${table}_counts_related_rarity`, linkDeltas('new_rows', kind, column, 1), linkDeltas('old_rows', kind, column, -1)),
    ...countingTriggers(table, `${table}_counts_related_rarity`),
  ]),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of upStatements) await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['article', ...links.map(([linkTable]) => linkTable)]) {
    const name = `${table}_counts_related_rarity`;
    for (const event of ['insert', 'update', 'delete']) await sql`drop trigger ${sql.id(`${name}_${event}`)} on ${sql.table(table)}`.execute(db);
    await sql`drop function ${sql.id(name)}()`.execute(db);
  }
  await sql`drop table related_rarity`.execute(db);
}
