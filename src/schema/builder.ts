import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin, { AuthScopeFailureType, type AuthFailure } from '@pothos/plugin-scope-auth';
import { GraphQLDate, GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import type { Context } from '../context.js';
import { ErrorCode, clientError, nullIfNotFound } from '../errors.js';
import { fieldCost } from './complexity.js';
import { checkNodeType, decodeGlobalId, encodeGlobalId } from './global-id.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  // What an API key may do: `editor` writes and sees drafts, `partner` uses the partner field.
  AuthScopes: { editor: boolean; partner: boolean };
  Scalars: {
    ID: { Input: string; Output: string | number };
    DateTime: { Input: Date; Output: Date | string };
    Date: { Input: string; Output: string };
    JSONObject: { Input: Record<string, unknown>; Output: Record<string, unknown> };
  };
  // Counting rows costs a statement: connections count only when `totalCount` is asked for.
  Connection: { totalCount: () => Promise<number> };
  // Fields are non-null unless they say otherwise.
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  plugins: [ScopeAuthPlugin, RelayPlugin, DataloaderPlugin, ComplexityPlugin],
  // Fields carry their cost (complexity.ts); the gateway checks it against MAX_COST before
  // executing (src/plugins/limits.ts), so the plugin's own per-resolver check stays off.
  complexity: { fieldComplexity: fieldCost, disabled: true },
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (context) => ({
      editor: context.viewer.scopes.includes('editor'),
      partner: context.viewer.scopes.includes('partner') || context.viewer.scopes.includes('editor'),
    }),
    unauthorizedError: (_parent, _context, info, result) => {
      const scope = scopeRefused(result.failure);
      const field = `${info.parentType.name}.${info.fieldName}`;
      return scope
        ? clientError(ErrorCode.forbidden, `Not allowed: ${field} needs an API key with the ${scope} scope (Authorization: Bearer <key>).`, { scope })
        : clientError(ErrorCode.forbidden, `Not allowed: ${field} needs an API key with another scope.`);
    },
  },
  relay: {
    firstArgOptions: { description: `How many items from the start (or after \`after\`): 0 to ${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}.` },
    lastArgOptions: { description: `How many items from the end (or before \`before\`): 0 to ${MAX_PAGE_SIZE}.` },
    afterArgOptions: { description: 'A cursor: items after it.' },
    beforeArgOptions: { description: 'A cursor: items before it.' },
    encodeGlobalID: encodeGlobalId,
    decodeGlobalID: decodeGlobalId,
    idFieldOptions: { description: 'Global id: opaque, unique across types; `node(id:)` fetches the object again.' },
    edgesFieldOptions: { nullable: false, description: 'The items of this page, each with its cursor.' },
    nodeFieldOptions: { nullable: false, description: 'The item itself.' },
    pageInfoFieldOptions: { description: 'Where this page sits, and the cursors to move from it.' },
    hasNextPageFieldOptions: { description: 'True when more items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'True when items come before this page.' },
    startCursorFieldOptions: { description: 'Cursor of the first item of the page; null when the page is empty.' },
    endCursorFieldOptions: { description: 'Cursor of the last item of the page; null when the page is empty.' },
    defaultEdgeTypeOptions: { description: 'One item of a list, with its cursor.' },
    nodeQueryOptions: {
      description: 'Any object by its global id; null when nothing has that id.',
      resolve: (_root, { id }, _context, info, resolveNode) => nullIfNotFound(resolveNode(checkNodeType(id, info))),
    },
    nodesQueryOptions: {
      description: 'Objects by their global ids, in the same order; null where nothing has the id.',
      resolve: async (_root, { ids }, _context, info, resolveNodes) => {
        const nodes = await resolveNodes(ids.map((id) => checkNodeType(id, info)));
        return nodes.map((node) => nullIfNotFound(node));
      },
    },
    nodeTypeOptions: { description: 'An object with a global id that `node(id:)` can fetch again.' },
    pageInfoTypeOptions: { description: 'Where a page sits in its list, with cursors to fetch the pages around it.' },
    cursorFieldOptions: { description: 'An opaque position in this list: pass it as `after` or `before`.' },
  },
});

builder.addScalarType('DateTime', GraphQLDateTime, {});
builder.addScalarType('Date', GraphQLDate, {});
builder.addScalarType('JSONObject', GraphQLJSONObject, {});

builder.queryType({ description: 'Read the content: articles, their sources, and who and what they are about.' });
builder.mutationType({ description: 'Write the content: editors only (an API key with the editor scope).' });

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'How many items the whole list holds, across all pages (costs one more statement).',
    resolve: (connection) => connection.totalCount(),
  }),
);

/** The scope a refusal asks for, so that the error can name it; the first when several would do. */
function scopeRefused(failure: AuthFailure): string | null {
  if (failure.kind === AuthScopeFailureType.AuthScope) return failure.scope;
  if (failure.kind === AuthScopeFailureType.AnyAuthScopes || failure.kind === AuthScopeFailureType.AllAuthScopes) {
    for (const inner of failure.failures) {
      const scope = scopeRefused(inner);
      if (scope) return scope;
    }
  }
  return null;
}
