import { describe, expect, test } from 'vitest';
import { lexemesOf } from '../src/repositories/search-terms.js';

// Search reads its candidates by the lexemes of each concept's tsquery (article_term): they come
// from the query's text as PostgreSQL prints it, so a lexeme missed or mangled here is a word
// whose articles are never candidates.
describe('the lexemes of a tsquery text', () => {
  test('web-search syntax: phrases and alternatives count, excluded words do not', () => {
    // websearch_to_tsquery('french', '"centres de données" -lunaire or Valence')::text
    expect(lexemesOf(`'centr' <2> 'don' & !'lunair' | 'valenc'`)).toEqual(['centr', 'don', 'valenc']);
  });

  test('quotes and backslashes as PostgreSQL escapes them; each lexeme once', () => {
    expect(lexemesOf(`'it''s' & 'a\\\\b' & ( 'it''s' | ! 'gone' )`)).toEqual(["it's", 'a\\b']);
  });

  test('a query of excluded words only has none', () => {
    expect(lexemesOf(`!'lunair'`)).toEqual([]);
  });
});
