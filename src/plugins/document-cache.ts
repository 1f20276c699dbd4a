import type { DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';

// Yoga keeps the parsed document of every distinct query text it sees, and what is compiled for
// a document hangs off it in weak maps (validation, graphql-jit's code, the remembered cost,
// column selections). Ever new texts from anonymous clients grew the heap by about 0.6 MB a
// text, to 1 GB at Yoga's default of 1 024 documents; a comment alone made a text 1 MB long.
// These caches are bounded in entries and in the characters of the texts they are keyed by.

const TEXT_BUDGET_CHARACTERS = 4_000_000;
const KEEP_MS = 3_600_000;

function boundedCache<Value extends object>(maxEntries: number) {
  return new LRUCache<string, Value>({
    max: maxEntries,
    maxSize: TEXT_BUDGET_CHARACTERS,
    // A text over the whole budget is simply not kept (lru-cache refuses an entry over maxSize).
    sizeCalculation: (_, text) => Math.max(1, text.length),
    ttl: KEEP_MS,
  });
}

/** Yoga's `parserAndValidationCache` option: parsed documents and parse errors, bounded. */
export function boundedDocumentCaches(maxEntries: number) {
  const documents = boundedCache<DocumentNode>(maxEntries);
  const errors = boundedCache<object>(maxEntries);
  return {
    documentCache: documents,
    errorCache: {
      get: (text: string): unknown => errors.get(text),
      set: (text: string, error: unknown) => void errors.set(text, error as object),
    },
  };
}
