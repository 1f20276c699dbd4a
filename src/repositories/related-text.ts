import { sql, type RawBuilder } from 'kysely';

// The text part of related scoring, in one place so that the search work's synonyms and word
// dictionary can plug in here: an origin's main terms with their rarity, and how much of them
// another article's text holds.

/** How many main terms a text keeps (title first): a long partner text stays a short query. */
const MAIN_TERMS = 64;
/** Shorter lexemes are stop words the unaccented French configuration lets through ("à" becomes "a"). */
const MIN_TERM_LENGTH = 3;
/** A word (or entity) in more articles than this is as common as it gets: counting stops there. */
export const RARITY_COUNT_CAP = 2000;
/** What a main term found in a title, a lead or a body (weights A, B, C) is worth. */
const PLACE_FACTORS = { A: 1, B: 0.6, C: 0.3 } as const;

/**
 * The main terms of a weighted tsvector: the lexemes of its title and lead (weights A and B), in
 * order of appearance, the first `count` of them (all with null), as rows (lexeme). A lexeme
 * with a backslash (never a French word) is dropped rather than escaped, and so are lexemes too
 * short to mean anything.
 */
function mainTermRows(vector: RawBuilder<unknown>, count: number | null) {
  const limit = count === null ? sql`all` : sql.lit(count);
  return sql`select word.lexeme from (
               select lexeme from unnest(ts_filter(${vector}, '{a,b}')) order by positions[1] limit ${limit}
             ) as word
             where strpos(word.lexeme, chr(92)) = 0 and length(word.lexeme) >= ${sql.lit(MIN_TERM_LENGTH)}`;
}

/** An OR query ("any of these words") of a weighted tsvector's main terms; null when it has none. */
export function mainTerms(vector: RawBuilder<unknown>, count: number | null = MAIN_TERMS): RawBuilder<unknown> {
  return sql`(select string_agg(quote_literal(term.lexeme), ' | ')::tsquery from (${mainTermRows(vector, count)}) as term)`;
}

/**
 * Rows (lexeme, rarity) of an origin's main terms: the rarity is the log of the number of
 * articles per article holding the word (`corpusSize` is the number of articles), so that a word
 * every article uses says nothing.
 */
export function mainTermRarity(vector: RawBuilder<unknown>, corpusSize: RawBuilder<unknown>) {
  return sql`select term.lexeme, ln(${corpusSize} / greatest(holding.count, 1)) as rarity
             from (${mainTermRows(vector, MAIN_TERMS)}) as term
             cross join lateral (
               select count(*)::float8 as count from (
                 select from article where article.search_vector @@ quote_literal(term.lexeme)::tsquery
                 limit ${sql.lit(RARITY_COUNT_CAP)}
               ) as capped
             ) as holding`;
}

/**
 * How much of an origin's main terms (rows of `mainTermRarity` in the CTE `terms`) another
 * article's text holds, in [0, 1]: each term's rarity, times what the place it is found in is
 * worth (a title most, then a lead, then a body), over the rarity of all of them.
 */
export function textSimilarity(vector: RawBuilder<unknown>, terms: string): RawBuilder<number> {
  const place = sql`case ${sql.join(
    Object.entries(PLACE_FACTORS).map(([weight, factor]) => sql`when ${sql.lit(weight)} = any(word.weights) then ${sql.lit(factor)}::float8`),
    sql` `,
  )} else 0 end`;
  return sql<number>`(select coalesce(sum(term.rarity * ${place}) / nullif((select sum(rarity) from ${sql.table(terms)}), 0), 0)
                      from unnest(${vector}) as word join ${sql.table(terms)} as term on term.lexeme = word.lexeme)`;
}
