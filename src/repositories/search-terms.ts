import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/types.js';
import { synonymMatchesIn, type SynonymMatch } from './search-synonym.js';
import { queryWordsLookup, type QueryWord } from './search-word.js';

// What a query asks for, as the articles' vectors can answer it: its "concepts", each a French
// tsquery that a matching article must satisfy. A concept is one word of the query (stop words
// aside) or its correction, or a phrase the synonym table knows together with its synonyms.
// Looked up in one statement (synonyms and dictionary at once), before the search statement.

export interface Concept {
  /** The tsquery: any alternative matches. */
  query: RawBuilder<unknown>;
  /**
   * The same tsquery as text, known before the search statement: concepts joined then travel as
   * one bound value, which the statement parses once, where `&&` and `||` between bound values
   * would be computed again on every row.
   */
  text: string;
  /** The words (lexemes) an article holding it holds one of: search reads its candidates by them (article_term). */
  lexemes: string[];
  /** Rarer words weigh more when ranking partial matches: 1 / log2(2 + documents holding it). */
  weight: number;
}

export interface Correction {
  from: string;
  to: string;
}

export interface QueryTerms {
  concepts: Concept[];
  /** Unknown words and the words they were corrected to. */
  corrections: Correction[];
  /** The query's words that are not stop words, corrected, space-separated: names are looked for by them too. */
  keyWords: string;
  /** Web-search syntax ("phrase", -word, or) is taken literally: one concept, no synonym, no correction. */
  literal: boolean;
}

/** A tsquery's lexemes, as PostgreSQL prints it ('centr' <2> 'donne' | !'lunair'), but those it excludes (!'word'). */
export function lexemesOf(query: string): string[] {
  const lexemes = [...query.matchAll(/(!\s*)?'((?:[^'\\]|''|\\.)*)'/g)]
    .filter((match) => !match[1])
    .map((match) => match[2]!.replaceAll("''", "'").replace(/\\(.)/g, '$1'));
  return [...new Set(lexemes)];
}

/** A concept of a tsquery's text. */
const conceptOf = (text: string): Omit<Concept, 'weight'> => ({ query: sql`${text}::tsquery`, text, lexemes: lexemesOf(text) });

/**
 * Alternatives as one tsquery: the texts PostgreSQL gave for each (quoted lexemes), joined by
 * `|`, bound as one parameter. Stemming them in the search statement would redo it at every
 * place the concept appears (a dozen), each while planning.
 */
const anyOf = (queries: Iterable<string>): Omit<Concept, 'weight'> | null => {
  const alternatives = [...new Set(queries)].filter(Boolean);
  if (!alternatives.length) return null;
  return conceptOf(alternatives.map((query) => `(${query})`).join(' | '));
};

/** Unaccented, lower case: the form of the dictionary's words. */
export function normaliseWord(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Runs of letters and digits, in order. */
export function wordsOf(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** "phrase", -word or `or` between words: web-search syntax, see websearch_to_tsquery. */
export function usesSearchSyntax(text: string): boolean {
  return /"|(^|\s)-[\p{L}\p{N}]|\sor\s/iu.test(text);
}

/** Without a plural's final s or x; the same rule as queryWordsLookup's. */
const singular = (word: string) => word.replace(/(...)[sx]$/, '$1');

const weightOf = (documents: number) => 1 / Math.log2(2 + documents);

/** The concepts of looked-up words and the synonym pairs the query says. Pure: see tests. */
export function toConcepts(words: readonly QueryWord[], matches: readonly SynonymMatch[]): Omit<QueryTerms, 'literal'> {
  // One phrase said, with all its synonyms ("datacenter": "data center", "centre de données"); longest phrases first.
  const phrases = new Map<string, { stems: string[]; alternatives: Set<string>; documents: number; used: boolean }>();
  for (const match of matches) {
    const phrase = phrases.get(match.said) ?? { stems: match.stems, alternatives: new Set([match.saidQuery]), documents: Infinity, used: false };
    phrase.alternatives.add(match.otherQuery);
    phrases.set(match.said, phrase);
  }
  const longestFirst = [...phrases.values()].sort((a, b) => b.stems.length - a.stems.length);
  const concepts: Concept[] = [];
  const corrections: Correction[] = [];
  const keyWords: string[] = [];
  for (const word of words) {
    // A stop word, or a single letter: "à" unaccented is "a", which the French stop words lack.
    if (!word.stems.length || word.word.length < 2) continue;
    // A word of a phrase the synonym table knows joins that phrase's concept.
    const phrase = longestFirst.find((candidate) => candidate.stems.some((stem) => word.stems.includes(stem)));
    keyWords.push(!phrase && word.correction ? word.correction : word.word);
    if (phrase) {
      phrase.used = true;
      phrase.documents = Math.min(phrase.documents, word.documents);
      continue;
    }
    if (word.correction) corrections.push({ from: word.word, to: word.correction });
    const concept = anyOf([word.query, word.correctionQuery ?? '']);
    if (concept) concepts.push({ ...concept, weight: weightOf(word.correction ? word.correctionDocuments : word.documents) });
  }
  for (const phrase of longestFirst.filter((candidate) => candidate.used)) {
    const concept = anyOf(phrase.alternatives);
    if (concept) concepts.push({ ...concept, weight: weightOf(phrase.documents) });
  }
  return { concepts, corrections, keyWords: keyWords.join(' ') };
}

/** The terms of a query: one statement. */
export async function findQueryTerms(db: Kysely<Database>, text: string): Promise<QueryTerms> {
  if (usesSearchSyntax(text)) {
    // the query as PostgreSQL reads web-search syntax, as text: its lexemes are the candidates' words
    const { rows } = await sql<{ query: string }>`select websearch_to_tsquery('french_unaccent', ${text})::text as query`.execute(db);
    const query = rows[0]?.query ?? '';
    return { concepts: query ? [{ ...conceptOf(query), weight: 1 }] : [], corrections: [], keyWords: '', literal: true };
  }
  const words = [...new Set(wordsOf(text).map(normaliseWord))];
  // "datacenters" says "datacenter", though the French stemmer tells them apart
  const singulars = words.map(singular).filter((word, index) => word !== words[index]);
  // the query's words in the dictionary, and the synonym pairs it says
  const { rows } = await sql<{ words: QueryWord[]; synonyms: SynonymMatch[] }>`
    select ${queryWordsLookup(words)} as words, ${synonymMatchesIn([text, ...singulars].join(' '))} as synonyms`.execute(db);
  return { ...toConcepts(rows[0]?.words ?? [], rows[0]?.synonyms ?? []), literal: false };
}

/** The query with each corrected word replaced, as a reader would have typed it; null when nothing was corrected. */
export function correctedText(text: string, corrections: readonly Correction[]): string | null {
  if (!corrections.length) return null;
  return text.replace(/[\p{L}\p{N}]+/gu, (word) => corrections.find((correction) => correction.from === normaliseWord(word))?.to ?? word);
}
