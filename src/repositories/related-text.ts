import { sql, type RawBuilder } from 'kysely';

// The text part of related scoring, in one place so that the search work's synonyms and word
// dictionary can plug in here: an origin's main terms with their rarity, and how much of them
// another article's text holds.

/** How many main terms a text keeps (title first): a long partner text stays a short query. */
const MAIN_TERMS = 64;
/** Shorter lexemes are stop words the unaccented French configuration lets through ("à" becomes "a"). */
const MIN_TERM_LENGTH = 3;
/**
 * Text candidates are the articles holding any of this many of the origin's rarest main terms,
 * among those held by at most RARE_TERM_SHARE of the articles (or RARE_TERM_FLOOR, in a small
 * corpus): a more common word finds too many articles to lead anywhere, and costs a scan of them.
 */
const CANDIDATE_TERMS = 8;
const RARE_TERM_SHARE = 0.01;
const RARE_TERM_FLOOR = 10;
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
 * Rows (lexeme, articles, rarity) of an origin's main terms: the rarity is the log of the number
 * of articles (`corpusSize`) per article holding the word (counted ahead in related_rarity), so
 * that a word every article uses says nothing and one no article holds says most.
 */
export function mainTermRarity(vector: RawBuilder<unknown>, corpusSize: RawBuilder<unknown>) {
  return sql`select term.lexeme, coalesce(held.articles, 0) as articles, ln(${corpusSize} / greatest(held.articles, 1)) as rarity
             from (${mainTermRows(vector, MAIN_TERMS)}) as term
             left join related_rarity as held on held.kind = 'word' and held.key = term.lexeme`;
}

/**
 * An OR query of the rarest of an origin's main terms (rows of `mainTermRarity` in the CTE
 * `terms`), what finds text candidates; null when none is rare enough.
 */
export function rarestTerms(terms: string, corpusSize: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(select string_agg(quote_literal(rarest.lexeme), ' | ')::tsquery from (
                select term.lexeme from ${sql.table(terms)} as term
                where term.articles between 1 and greatest(${corpusSize} * ${sql.lit(RARE_TERM_SHARE)}, ${sql.lit(RARE_TERM_FLOOR)})
                order by term.rarity desc, term.lexeme limit ${sql.lit(CANDIDATE_TERMS)}
              ) as rarest)`;
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
