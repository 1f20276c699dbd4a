import { z } from 'zod';
import { label } from './fields.js';

// A synonym pair of search, as both ways in take it: the import file's `synonyms` section and
// the editors' createSearchSynonym mutation.

/** Accents and case do not tell two sides apart (the unique index ignores them too). */
export const synonymKey = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

export const synonymRules = z
  .object({
    term: label(100).describe('a word or phrase, e.g. "IA"'),
    synonym: label(100).describe('what it also means, e.g. "intelligence artificielle"'),
  })
  .superRefine((pair, ctx) => {
    if (!/[\p{L}\p{N}]/u.test(pair.term)) ctx.addIssue({ code: 'custom', path: ['term'], message: 'must hold a word' });
    if (!/[\p{L}\p{N}]/u.test(pair.synonym)) ctx.addIssue({ code: 'custom', path: ['synonym'], message: 'must hold a word' });
    if (synonymKey(pair.term) === synonymKey(pair.synonym)) {
      ctx.addIssue({ code: 'custom', path: ['synonym'], message: 'must differ from the term (accents and case aside)' });
    }
  });
