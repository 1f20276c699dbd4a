import type { GraphQLField } from 'graphql';
import type { FieldComplexityValue } from '@pothos/plugin-complexity';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination.js';

// The cost model of a query (one model: MAX_COST in src/plugins/limits.ts enforces it). Every
// field costs 1; what is selected under a list costs once per item it may return:
// - a connection (a field with `first`/`last`): the page size asked for, default 20. Sizes over
//   the cap count as the cap, so that an oversized page gets its clearer INVALID_PAGE_SIZE;
// - `edges` of a connection: once (the connection already counted its items);
// - `nodes(ids:)`: once per id;
// - any other list (e.g. `affiliations`): LIST_MULTIPLIER, a guess at its length.
// - `search`: SEARCH_COST on top of its page (see below).
// So `articles(first: 20) { edges { node { people(first: 10) { edges { node { fullName } } } } } }`
// costs about 20 × 10 person names, and nesting connections multiplies their page sizes.

export const LIST_MULTIPLIER = 10;

/**
 * What a search costs besides its page. It ranks thousands of articles (MAX_RANKED_HEAD_MATCHES) and scans
 * four name indexes (its totalCount does it again), where a list reads one index range: counted
 * as 1 per field, a search would let one request run twenty of them (MAX_ALIASES). At 5 000, the
 * default MAX_COST (25 000) takes at most four searches per request.
 */
export const SEARCH_COST = 5_000;

// Not graphql's isListType: its instanceof check fails across graphql's CommonJS and ESM
// builds (see mask-error.ts). A list type prints as "[Item]", with "!" when non-null.
const isList = (field: GraphQLField<unknown, any, any>) => String(field.type).replace(/!$/, '').startsWith('[');

function pageSize(args: Record<string, unknown>): number {
  const asked = typeof args['first'] === 'number' ? args['first'] : typeof args['last'] === 'number' ? args['last'] : DEFAULT_PAGE_SIZE;
  return Math.min(Math.max(asked, 0), MAX_PAGE_SIZE);
}

/** Pothos complexity plugin `fieldComplexity`: the cost of one field and the multiplier of its selection. */
export function fieldCost(args: Record<string, unknown>, _context: unknown, field: GraphQLField<unknown, any, any>): FieldComplexityValue {
  if (field.args.some((arg) => arg.name === 'first')) return { field: 1, multiplier: pageSize(args) };
  if (!isList(field)) return 1;
  if (field.name === 'edges') return { field: 1, multiplier: 1 };
  if (Array.isArray(args['ids'])) return { field: 1, multiplier: args['ids'].length };
  return { field: 1, multiplier: LIST_MULTIPLIER };
}

/** The cost of `search`: SEARCH_COST, and its page like any connection's. */
export function searchCost(args: Record<string, unknown>): FieldComplexityValue {
  return { field: SEARCH_COST, multiplier: pageSize(args) };
}
