import { sql, type Kysely, type RawBuilder } from 'kysely';

// Search quality (issue 13): synonyms editors manage, and a dictionary of the words readers can
// find, for correcting typos. One statement per `execute` call (PGlite). PostgreSQL 15 and PGlite.

// Where the dictionary's words come from: the text of published articles, and every name.
// Drafts stay out: a correction must never reveal a word only a draft contains.
const wordSources: ReadonlyArray<readonly [table: string, text: string, visible: string]> = [
  ['article', `concat_ws(' ', changed.title, changed.lead, changed.body)`, `changed.status = 'published'`],
  ['person', 'changed.full_name', 'true'],
  ['organisation', 'changed.name', 'true'],
  ['project', 'changed.name', 'true'],
  ['source', 'changed.name', 'true'],
];

// Adds the words of `rows` (aliased `changed`): unaccented, lower case, unstemmed (the 'simple'
// configuration), runs of 3 to 40 letters; the dictionary offers words a reader would type.
const addWords = (rows: RawBuilder<unknown>, text: string, visible: string) => sql`
  insert into search_word (word, documents)
  select word, count(*)::integer
  from ${rows} as changed,
       unnest(tsvector_to_array(to_tsvector('simple', lower(immutable_unaccent(${sql.raw(text)}))))) as word
  where ${sql.raw(visible)} and word ~ '^[a-z]{3,40}$'
  group by word
  on conflict (word) do update set documents = search_word.documents + excluded.documents`;

const wordsTrigger = (table: string) => `${table}_adds_search_words`;

const upStatements = [
  // Names whose words hold a whole query (synonyms included): 0002 made these for the other
  // named tables, which partners' texts may name.
  sql`create index source_name_words_idx on source using gin (to_tsvector('french_unaccent', name)) with (fastupdate = off)`,
  // "IA" ↔ "intelligence artificielle": either side found in a query also searches the other.
  sql`create table search_synonym (
        id integer generated always as identity primary key,
        term text not null check (length(term) between 1 and 100),
        synonym text not null check (length(synonym) between 1 and 100),
        created_at timestamptz not null default now()
      )`,
  sql`create unique index search_synonym_pair_idx
        on search_synonym (lower(immutable_unaccent(term)), lower(immutable_unaccent(synonym)))`,
  // The words of published content and how many rows hold them. The count only grows (an edit
  // adds its words again): it orders corrections and weighs rare words, nothing exact.
  sql`create table search_word (word text primary key, documents integer not null)`,
  sql`create index search_word_trgm_idx on search_word using gin (word gin_trgm_ops) with (fastupdate = off)`,
  ...wordSources.map(([table, text, visible]) => addWords(sql.table(table), text, visible)),
  // Kept up to date in the write transaction, whatever writes (importer, mutations, synthetic
  // seeding): one statement-level trigger per table and event reads the changed rows at once.
  ...wordSources.flatMap(([table, text, visible]) => [
    sql`create function ${sql.id(wordsTrigger(table))}() returns trigger language plpgsql as $$
        begin
          ${addWords(sql.raw('changed'), text, visible)};
          return null;
        end $$`,
    ...(['insert', 'update'] as const).map(
      (event) =>
        sql`create trigger ${sql.id(`${wordsTrigger(table)}_on_${event}`)} after ${sql.raw(event)} on ${sql.table(table)}
            referencing new table as changed for each statement execute function ${sql.id(wordsTrigger(table))}()`,
    ),
  ]),
];

const downStatements = [
  ...wordSources.flatMap(([table]) => [
    ...['insert', 'update'].map((event) => sql`drop trigger ${sql.id(`${wordsTrigger(table)}_on_${event}`)} on ${sql.table(table)}`),
    sql`drop function ${sql.id(wordsTrigger(table))}()`,
  ]),
  sql`drop table search_word`,
  sql`drop table search_synonym`,
  sql`drop index source_name_words_idx`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of upStatements) await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of downStatements) await statement.execute(db);
}
