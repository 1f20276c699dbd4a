import { parse } from 'graphql';
import { describe, expect, test } from 'vitest';
import { boundedDocumentCaches } from '../src/plugins/document-cache.js';

// Yoga keeps a parsed document per distinct query text, and everything compiled for it hangs
// off that document: the caches must stay bounded whatever texts anonymous clients send.

describe('the parsed-document caches', () => {
  test('keep at most DOCUMENT_CACHE_MAX_ENTRIES texts, the most recently used', () => {
    const { documentCache } = boundedDocumentCaches(3);
    const texts = Array.from({ length: 5 }, (_, n) => `{ __typename } # ${n}`);
    for (const text of texts) documentCache.set(text, parse(text));
    documentCache.get(texts[2]!);
    documentCache.set('{ a }', parse('{ a }'));
    expect(texts.map((text) => documentCache.get(text) !== undefined)).toEqual([false, false, true, false, true]);
    expect(documentCache.get('{ a }')).toBeDefined();
  });

  test('do not keep a text padded with megabytes of comment, nor its parse error', () => {
    const { documentCache, errorCache } = boundedDocumentCaches(1_000);
    const padded = `{ __typename } # ${'x'.repeat(5_000_000)}`;
    documentCache.set(padded, parse(padded));
    expect(documentCache.get(padded)).toBeUndefined();
    errorCache.set(`{ ${'x'.repeat(5_000_000)}`, new Error('Syntax Error'));
    expect(errorCache.get(`{ ${'x'.repeat(5_000_000)}`)).toBeUndefined();
    // Ordinary texts are kept.
    documentCache.set('{ __typename }', parse('{ __typename }'));
    expect(documentCache.get('{ __typename }')).toBeDefined();
  });
});
