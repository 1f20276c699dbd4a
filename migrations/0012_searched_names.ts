import { sql, type Kysely } from 'kysely';

// Each searchable name in the two forms search compares it in, stored: its French words (does
// it hold every word of the query, synonyms included?) and its unaccented lower-case form (how
// close is it to what was typed, by trigrams). Both were computed again from the name at every
// row search looked at, three or four times a row (index recheck, filter, score); stored and
// indexed, they are read instead. PostgreSQL 15 and PGlite; one statement per `execute` call (PGlite).

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
    sql`alter table ${sql.table(table)} add column name_key text not null
          generated always as (lower(immutable_unaccent(${sql.ref(column)}))) stored`,
    // replaces the index of the same expression (migration 0002), which served search only
    sql`drop index ${sql.id(`${table}_${column}_trgm_idx`)}`,
    sql`create index ${sql.id(`${table}_name_key_trgm_idx`)} on ${sql.table(table)} using gin (name_key gin_trgm_ops) with (fastupdate = off)`,
  ]),
  // Served search only (migration 0005); the other tables' expression indexes also serve the
  // names a partner's text holds (related content), which reads the name itself.
  sql`drop index source_name_words_idx`,
];

const downStatements = [
  sql`create index source_name_words_idx on source using gin (to_tsvector('french_unaccent', name)) with (fastupdate = off)`,
  ...searchedNames.flatMap(([table, column]) => [
    sql`drop index ${sql.id(`${table}_name_key_trgm_idx`)}`,
    sql`create index ${sql.id(`${table}_${column}_trgm_idx`)} on ${sql.table(table)}
          using gin (lower(immutable_unaccent(${sql.ref(column)})) gin_trgm_ops) with (fastupdate = off)`,
    sql`alter table ${sql.table(table)} drop column name_key`,
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
