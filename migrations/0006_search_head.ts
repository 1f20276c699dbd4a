import { sql, type Kysely } from 'kysely';

// The words of an article's title and lead, weighted as in search_vector (A, B), in a vector of
// their own with its own GIN index: search ranks every article holding the query there (a few
// hundred bytes each, read from the index, not from each article's whole text), then only the
// newest of those holding it in the body alone. PostgreSQL 15 and PGlite.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table article add column search_head tsvector not null generated always as (
              setweight(to_tsvector('french_unaccent', coalesce(title, '')), 'A') ||
              setweight(to_tsvector('french_unaccent', coalesce(lead, '')), 'B')
            ) stored`.execute(db);
  await sql`create index article_search_head_idx on article using gin (search_head)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index article_search_head_idx`.execute(db);
  await sql`alter table article drop column search_head`.execute(db);
}
