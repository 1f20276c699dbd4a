import { createHash } from 'node:crypto';
import { stripIgnoredCharacters } from 'graphql';
import { LRUCache } from 'lru-cache';

// The key of a cached result, and the generation its request started at.
// - The key hashes what decides the result: the document without its comments and
//   insignificant whitespace (else `# 1`, `# 2`... would each fill an entry with the same result),
//   the operation name, the variables (key order aside) and the viewer's cache partition.
// - The generation rides along in the key (`<hash>.<generation>`), so that the store, when it is
//   asked to keep the result, can refuse one computed from reads that an invalidation has since
//   made stale (see response-store.ts).

export interface CacheKeyInput {
  documentString: string;
  operationName?: string | null;
  variableValues?: unknown;
  sessionId?: string | null;
}

// Clients send the same few texts again and again: lexing one on every request was a tenth of
// a cache hit's CPU. A pure function of the text, so one memo serves every gateway of the process;
// bounded like the document caches (document-cache.ts).
const normalised = new LRUCache<string, string>({
  max: 256,
  maxSize: 4_000_000,
  sizeCalculation: (value, text) => Math.max(1, text.length + value.length),
});

/** The document as the parser sees it; the raw text when it does not lex (it fails later, uncached). */
function normalisedDocument(documentString: string): string {
  let document = normalised.get(documentString);
  if (document === undefined) {
    try {
      document = stripIgnoredCharacters(documentString);
    } catch {
      document = documentString;
    }
    normalised.set(documentString, document);
  }
  return document;
}

/** JSON with object keys sorted, so that `{a, b}` and `{b, a}` give one key. */
function stableJson(value: unknown): string {
  return JSON.stringify(value ?? {}, (_key, nested: unknown) =>
    nested && typeof nested === 'object' && !Array.isArray(nested)
      ? Object.fromEntries(Object.entries(nested).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : nested,
  );
}

export function resultKey({ documentString, operationName, variableValues, sessionId }: CacheKeyInput): string {
  const material = JSON.stringify([normalisedDocument(documentString), operationName ?? '', stableJson(variableValues), sessionId ?? '']);
  return createHash('sha256').update(material).digest('base64url');
}

export function keyAtGeneration(key: string, generation: string): string {
  return `${key}.${generation}`;
}

export function splitGeneration(keyWithGeneration: string): { key: string; generation: string } {
  const dot = keyWithGeneration.lastIndexOf('.');
  return { key: keyWithGeneration.slice(0, dot), generation: keyWithGeneration.slice(dot + 1) };
}
