import { sql, type Kysely } from 'kysely';

// Indexes for search and related content (issue 3). One statement per `execute` call: PGlite
// refuses several statements in one prepared call. Runs on PostgreSQL 15 and on PGlite (18).

// The entity tables whose names people type into the search box (with typos: pg_trgm) and
// whose names a partner's free text may contain (whole words: full-text).
const typedNames = [
  ['person', 'full_name'],
  ['organisation', 'name'],
  ['project', 'name'],
  ['source', 'name'],
] as const;
const namesInText = [
  ['person', 'full_name'],
  ['organisation', 'name'],
  ['project', 'name'],
  ['topic', 'name'],
] as const;

const upStatements = [
  // GIN indexes buffer new entries in a pending list that only VACUUM merges; PGlite has no
  // autovacuum, so after a load its planner finds the list long and scans the table instead.
  // Merging on every write costs nothing we could measure (20 000 synthetic articles load in
  // the same time): articles are written at an editor's pace.
  sql`alter index article_search_idx set (fastupdate = off)`,
  // unaccent() is only STABLE (its dictionary could change), so it cannot appear in an index.
  // This wrapper names the dictionary explicitly and promises immutability: the index must be
  // rebuilt if someone edits the unaccent rules, which nobody does.
  sql`create function immutable_unaccent(text) returns text
        language sql immutable parallel safe strict
        as $$ select public.unaccent('public.unaccent'::regdictionary, $1) $$`,
  // "Sesterse" finds Sesterce, "daragon" finds Nicolas Daragon: trigram similarity, accent- and
  // case-insensitive. Queries must use the same expression, lower(immutable_unaccent(name)).
  ...typedNames.map(
    ([table, column]) =>
      sql`create index ${sql.id(`${table}_${column}_trgm_idx`)} on ${sql.table(table)}
            using gin (lower(immutable_unaccent(${sql.ref(column)})) gin_trgm_ops) with (fastupdate = off)`,
  ),
  // Which of our entities a partner's text names: their names as French words, matched against
  // the words of the text (a trigram scan of a 5 000-character text would read every name).
  ...namesInText.map(
    ([table, column]) =>
      sql`create index ${sql.id(`${table}_${column}_words_idx`)} on ${sql.table(table)}
            using gin (to_tsvector('french_unaccent', ${sql.ref(column)})) with (fastupdate = off)`,
  ),
  // A partner may name one of our articles by the URL of its original at the source.
  sql`create index article_original_url_idx on article (original_url) where original_url is not null`,
];

const downStatements = [
  sql`drop index article_original_url_idx`,
  ...namesInText.map(([table, column]) => sql`drop index ${sql.id(`${table}_${column}_words_idx`)}`),
  ...typedNames.map(([table, column]) => sql`drop index ${sql.id(`${table}_${column}_trgm_idx`)}`),
  sql`drop function immutable_unaccent(text)`,
  sql`alter index article_search_idx reset (fastupdate)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of upStatements) await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of downStatements) await statement.execute(db);
}
