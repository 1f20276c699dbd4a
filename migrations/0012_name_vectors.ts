import { sql, type Kysely } from 'kysely';

// The words of each searchable name, stored: search tells whether a name holds every word of a
// query (synonyms included) by its French vector, which was computed again from the name at
// every row it looked at, three times a row (index recheck, filter, score). Stored and indexed,
// it is read instead. PostgreSQL 15 and PGlite; one statement per `execute` call (PGlite).

const searchedNames = [
  ['person', 'full_name'],
  ['organisation', 'name'],
  ['project', 'name'],
  ['source', 'name'],
] as const;

const upStatements = [
  ...searchedNames.flatMap(([table, column]) => [
    sql`alter table ${sql.table(table)} add column name_vector tsvector not null
          generated always as (to_tsvector('french_unaccent', ${sql.ref(column)})) stored`,
    // fastupdate off: see migration 0002 (PGlite has no autovacuum to merge a pending list)
    sql`create index ${sql.id(`${table}_name_vector_idx`)} on ${sql.table(table)} using gin (name_vector) with (fastupdate = off)`,
  ]),
  // Served search only (migration 0005); the other tables' expression indexes also serve the
  // names a partner's text holds (related content), which reads the name itself.
  sql`drop index source_name_words_idx`,
];

const downStatements = [
  sql`create index source_name_words_idx on source using gin (to_tsvector('french_unaccent', name)) with (fastupdate = off)`,
  ...searchedNames.flatMap(([table]) => [
    sql`drop index ${sql.id(`${table}_name_vector_idx`)}`,
    sql`alter table ${sql.table(table)} drop column name_vector`,
  ]),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of upStatements) await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of downStatements) await statement.execute(db);
}
