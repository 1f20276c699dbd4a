import { describe, expect, test, vi } from 'vitest';
import { ifNoneMatchHits } from '../src/plugins/http-caching.js';
import { createMemoryResponseStore } from '../src/plugins/memory-response-cache.js';
import { resultKey } from '../src/plugins/response-cache-key.js';

// The in-memory store on its own, with a clock of its own: what it keeps, for how long, and
// that its invalidation index never outlives the entries. (No database: the same on both.)

function manualClock() {
  let now = 1_000;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

const json = (size: number, seed: number) => JSON.stringify({ data: { seed, text: 'é'.repeat(size) } });
// What the store gives back: UTF-8 bytes (anything else is returned as it is, and fails).
const kept = (body: unknown) => (body instanceof Uint8Array ? new TextDecoder().decode(body) : body);

describe('in-memory response store', () => {
  test('random sizes and entities never take it past its byte budget, and the index follows evictions', () => {
    const budget = 200_000;
    const store = createMemoryResponseStore({ maxBytes: budget });
    for (let n = 0; n < 500; n += 1) {
      const entities = Array.from({ length: (n % 7) + 1 }, (_, i) => `Article:${(n * 7 + i) % 300}`);
      store.set({ key: `key-${n}`, json: json((n * 7919) % 30_000, n), entities, ttlMs: 60_000, generation: store.generation() as string });
      const usage = store.usage();
      expect(usage.bytes).toBeLessThanOrEqual(budget);
    }
    const { entries, indexedEntities } = store.usage();
    expect(entries).toBeGreaterThanOrEqual(3);
    // Every indexed entity belongs to an entry still there (at most 7 per entry).
    expect(indexedEntities).toBeLessThanOrEqual(entries * 7);
    // UTF-8 bytes are counted, not characters: 'é' is two.
    const single = createMemoryResponseStore({ maxBytes: budget });
    single.set({ key: 'k', json: json(10_000, 0), entities: [], ttlMs: 60_000, generation: '0' });
    expect(single.usage().bytes).toBeGreaterThan(20_000);
  });

  test('an expired entry is gone, with its place in the index', () => {
    const clock = manualClock();
    const store = createMemoryResponseStore({ maxBytes: 1_000_000, clock });
    store.set({ key: 'short', json: json(10, 1), entities: ['Article:1', 'Source:1'], ttlMs: 1_000, generation: '0' });
    store.set({ key: 'long', json: json(10, 2), entities: ['Article:2'], ttlMs: 60_000, generation: '0' });
    expect(kept(store.get('short'))).toBe(json(10, 1));
    clock.advance(1_001);
    expect(kept(store.get('short'))).toBeNull();
    expect(kept(store.get('long'))).toBe(json(10, 2));
    expect(store.usage()).toMatchObject({ entries: 1, indexedEntities: 1 });
  });

  test('expired entries leave by themselves, unread', () => {
    vi.useFakeTimers();
    try {
      const clock = manualClock();
      const store = createMemoryResponseStore({ maxBytes: 1_000_000, clock });
      for (let n = 0; n < 10; n += 1) store.set({ key: `k${n}`, json: json(10, n), entities: [`Article:${n}`], ttlMs: 1_000, generation: '0' });
      expect(store.usage()).toMatchObject({ entries: 10, indexedEntities: 10 });
      clock.advance(1_001);
      vi.advanceTimersByTime(1_001);
      expect(store.usage()).toEqual({ bytes: 0, entries: 0, indexedEntities: 0 });
    } finally {
      vi.useRealTimers();
    }
  });

  test('invalidation drops the entries of an entity, empties its index, and refuses results read before it', () => {
    const store = createMemoryResponseStore({ maxBytes: 1_000_000 });
    const before = store.generation() as string;
    store.set({ key: 'a', json: json(10, 1), entities: ['Article:1', 'Source:1'], ttlMs: 60_000, generation: before });
    store.set({ key: 'b', json: json(10, 2), entities: ['Source:1'], ttlMs: 60_000, generation: before });
    store.invalidate(['Article:1']);
    expect(kept(store.get('a'))).toBeNull();
    expect(kept(store.get('b'))).toBe(json(10, 2));
    expect(store.usage()).toMatchObject({ entries: 1, indexedEntities: 1 });
    // A request that read the generation before the invalidation finishes now: not stored.
    store.set({ key: 'late', json: json(10, 3), entities: ['Article:1'], ttlMs: 60_000, generation: before });
    expect(kept(store.get('late'))).toBeNull();
    store.set({ key: 'late', json: json(10, 3), entities: ['Article:1'], ttlMs: 60_000, generation: store.generation() as string });
    expect(kept(store.get('late'))).toBe(json(10, 3));
  });
});

describe('cache keys', () => {
  test('comments, whitespace and variable order do not change the key; the operation does', () => {
    const key = (documentString: string, variableValues?: unknown) => resultKey({ documentString, variableValues });
    const base = key('{ articles(first: 2) { edges { node { title } } } }', { a: 1, b: { c: 2, d: 3 } });
    expect(key('# 42\n{\n  articles(first: 2) {\n edges { node { title } } } }', { b: { d: 3, c: 2 }, a: 1 })).toBe(base);
    expect(key('{ articles(first: 3) { edges { node { title } } } }', { a: 1, b: { c: 2, d: 3 } })).not.toBe(base);
    // A document that does not lex still gets a key (its own text), and fails later, uncached.
    expect(key('{ "unterminated')).not.toBe(key('{ "unterminated '));
  });
});

describe('If-None-Match', () => {
  const tag = '"abc"';
  test.each([
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", W/"abc"', true],
    ['*', true],
    ['"abcd"', false],
    ['abc', false],
    ['"x", "y"', false],
  ])('%s matches: %s', (header, expected) => {
    expect(ifNoneMatchHits(header, tag)).toBe(expected);
  });
});
