import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.js';

/** `graphql(...)`: a document typed from schema.graphql, its result and variables included. */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  // How the custom scalars travel in JSON.
  scalars: { Date: string; DateTime: string; JSONObject: Record<string, unknown> };
}>();

export type { ResultOf, VariablesOf } from 'gql.tada';
