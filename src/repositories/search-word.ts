import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/types.js';

// The dictionary of search (table search_word, kept by triggers of migration 0005): the words of
// published articles and of every name, unaccented and in lower case. A query word it does not
// hold is corrected to the closest word it holds, by trigram similarity.

/**
 * How close a correction must be: pg_trgm similarity of the two words. "telemedcine" →
 * "telemedecine" scores 0.6, "chapaz" → "chappaz" 0.67, "cybersecurtie" → "cybersecurite" 0.5.
 */
export const CORRECTION_SIMILARITY = 0.45;
/** Shorter words are never corrected: too many words lie within a typo of them. */
export const MIN_CORRECTED_LENGTH = 4;

export interface QueryWord {
  word: string;
  /** Its French stems, as typed and without a plural's final s or x (the stemmer may tell them apart): empty for a stop word. */
  stems: string[];
  /** About how many published rows hold it; 0 when the dictionary does not know it. */
  documents: number;
  /** Its French tsquery, as text (stemmed once here, parsed cheaply in the search statement). */
  query: string;
  /** The closest known word, when the word is unknown; else null. */
  correction: string | null;
  correctionQuery: string | null;
  correctionDocuments: number;
}

/** The statement looking the words up, as JSON (QueryWord[], in the words' order). Words: unaccented, lower case. */
export function queryWordsLookup(words: readonly string[]) {
  return sql<QueryWord[]>`(
    select coalesce(json_agg(json_build_object(
             'word', typed.word,
             'stems', tsvector_to_array(to_tsvector('french_unaccent', typed.word || ' ' || regexp_replace(typed.word, '(...)[sx]$', '\\1'))),
             'documents', coalesce(known.documents, 0),
             'query', phraseto_tsquery('french_unaccent', typed.word)::text,
             'correction', closest.word,
             'correctionQuery', phraseto_tsquery('french_unaccent', closest.word)::text,
             'correctionDocuments', coalesce(closest.documents, 0)) order by typed.position), '[]')
    from unnest(${[...words]}::text[]) with ordinality as typed(word, position)
    left join search_word as known on known.word = typed.word
    left join lateral (
      -- the closest known word: search_word_trgm_idx serves %
      select candidate.word, candidate.documents from search_word as candidate
      where known.word is null and length(typed.word) >= ${MIN_CORRECTED_LENGTH} and typed.word !~ '[0-9]'
        and candidate.word % typed.word and similarity(candidate.word, typed.word) >= ${CORRECTION_SIMILARITY}
      order by similarity(candidate.word, typed.word) desc, candidate.documents desc, candidate.word
      limit 1) as closest on true)`;
}

/** Looks words up in the dictionary (see `queryWordsLookup`): for the related-content search too. */
export async function lookUpWords(db: Kysely<Database>, words: readonly string[]): Promise<QueryWord[]> {
  const { rows } = await sql<{ words: QueryWord[] }>`select ${queryWordsLookup(words)} as words`.execute(db);
  return rows[0]?.words ?? [];
}
