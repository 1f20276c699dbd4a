import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database, SearchSynonym } from '../db/types.js';

// Synonyms of search (table search_synonym): pairs of words or phrases a search treats as one,
// both ways ("IA" ↔ "intelligence artificielle", "datacenter" ↔ "data center"). Read at query
// time, so a pair added or deleted counts from the next search, on every gateway.

export interface SynonymPair {
  term: string;
  synonym: string;
}

/** A pair found in a text: the side the text says, the other side, and the stems of the side said. */
export interface SynonymMatch {
  said: string;
  other: string;
  /** The French stems of `said` (stop words left out), as article vectors hold them. */
  stems: string[];
  /** Both sides as French phrase tsqueries, as text (stemmed once, parsed cheaply later). */
  saidQuery: string;
  otherQuery: string;
}

/** Adds the pair unless it is there already, either way round (accents and case ignored): null then. */
export async function insertSynonymUnlessKnown(db: Kysely<Database>, pair: SynonymPair): Promise<SearchSynonym | null> {
  const key = (text: RawBuilder<unknown>) => sql`lower(immutable_unaccent(${text}))`;
  const [term, synonym] = [key(sql`${pair.term}::text`), key(sql`${pair.synonym}::text`)];
  // a synonym pair unless it exists in either order (search_synonym_pair_idx serves the lookup)
  const { rows } = await sql<SearchSynonym>`
    insert into search_synonym (term, synonym)
    select ${pair.term}, ${pair.synonym}
    where not exists (
      select 1 from search_synonym as known
      where (${key(sql`known.term`)}, ${key(sql`known.synonym`)}) in ((${term}, ${synonym}), (${synonym}, ${term})))
    returning *`.execute(db);
  return rows[0] ?? null;
}

export async function deleteSynonym(db: Kysely<Database>, id: number): Promise<SearchSynonym | null> {
  return (await db.deleteFrom('search_synonym').where('id', '=', id).returningAll().executeTakeFirst()) ?? null;
}

/** Every pair, in the order they were added. A short editorial list: no paging. */
export async function listSynonyms(db: Kysely<Database>): Promise<SearchSynonym[]> {
  return db.selectFrom('search_synonym').selectAll().orderBy('id').execute();
}

/**
 * The statement finding the pairs a text says, either side, as JSON (SynonymMatch[]): a side is
 * said when its words occur in the text in order, stemmed ("datacenters" says "datacenter").
 */
export function synonymMatchesIn(text: string) {
  return sql<SynonymMatch[]>`(
    select coalesce(json_agg(json_build_object(
             'said', side.said, 'other', side.other,
             'saidQuery', phraseto_tsquery('french_unaccent', side.said)::text,
             'otherQuery', phraseto_tsquery('french_unaccent', side.other)::text,
             'stems', tsvector_to_array(to_tsvector('french_unaccent', side.said)))), '[]')
    from search_synonym as pair,
         lateral (values (pair.term, pair.synonym), (pair.synonym, pair.term)) as side(said, other)
    where numnode(phraseto_tsquery('french_unaccent', side.said)) > 0
      and to_tsvector('french_unaccent', ${text}::text) @@ phraseto_tsquery('french_unaccent', side.said))`;
}

/** The pairs a text says (see `synonymMatchesIn`): for the related-content search too. */
export async function findSynonymMatches(db: Kysely<Database>, text: string): Promise<SynonymMatch[]> {
  const { rows } = await sql<{ matches: SynonymMatch[] }>`select ${synonymMatchesIn(text)} as matches`.execute(db);
  return rows[0]?.matches ?? [];
}
