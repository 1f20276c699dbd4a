import { z } from 'zod';
import type { SearchSynonym as SearchSynonymRow } from '../db/types.js';
import { deleteSynonym, insertSynonymUnlessKnown, listSynonyms } from '../repositories/search-synonym.js';
import { synonymRules } from '../validation/synonym.js';
import { builder } from './builder.js';
import { deleteInput, editorMutation, idOf } from './entity-mutations.js';
import { encodeGlobalId } from './global-id.js';
import { payloadType, refuse } from './mutation.js';

// The synonyms of search, managed by editors: a pair added or deleted counts from the next
// search on (search reads the table at query time), on every gateway, without a restart.

const SearchSynonym = builder.objectRef<SearchSynonymRow>('SearchSynonym').implement({
  description:
    'Two words or phrases that search treats as one, both ways: a query saying either also finds the other ' +
    '("IA" ↔ "intelligence artificielle", "datacenter" ↔ "data center"). Plurals, accents and case do not matter.',
  fields: (t) => ({
    id: t.id({ description: 'Its id, for deleteSearchSynonym.', resolve: (row) => encodeGlobalId('SearchSynonym', row.id) }),
    term: t.exposeString('term', { description: 'One side, as the editor wrote it.' }),
    synonym: t.exposeString('synonym', { description: 'The other side, as the editor wrote it.' }),
  }),
});

builder.queryField('searchSynonyms', (t) =>
  t.field({
    type: [SearchSynonym],
    authScopes: { editor: true },
    description: 'Every synonym pair of search, oldest first (editors only). A short editorial list: not paged.',
    resolve: (_root, _args, context) => listSynonyms(context.db),
  }),
);

const SearchSynonymPayload = payloadType('SearchSynonymPayload', 'searchSynonym', SearchSynonym, 'the pair (after a delete: as it was)');

editorMutation('createSearchSynonym', {
  description: 'Adds a synonym pair of search; refused (ALREADY_EXISTS) when the same pair exists, either way round.',
  input: builder.inputType('CreateSearchSynonymInput', {
    description: 'Two words or phrases, each 1 to 100 characters, that differ beyond accents and case.',
    fields: (t) => ({
      term: t.string({ required: true, description: 'One side, e.g. "IA".' }),
      synonym: t.string({ required: true, description: 'The other side, e.g. "intelligence artificielle".' }),
    }),
  }),
  payload: SearchSynonymPayload,
  mutation: {
    action: 'search-synonym.create',
    input: synonymRules,
    async write(db, pair) {
      const row = (await insertSynonymUnlessKnown(db, pair)) ?? refuse('ALREADY_EXISTS', ['synonym'], 'this pair exists already');
      return { result: row, entityType: 'search_synonym', entityId: row.id };
    },
  },
});

editorMutation('deleteSearchSynonym', {
  description: 'Deletes a synonym pair of search.',
  input: deleteInput('SearchSynonym', 'synonym pair'),
  payload: SearchSynonymPayload,
  mutation: {
    action: 'search-synonym.delete',
    input: z.object({ id: idOf('SearchSynonym') }),
    async write(db, { id }) {
      const row = (await deleteSynonym(db, id)) ?? refuse('NOT_FOUND', ['id'], 'no synonym pair has this id');
      return { result: row, entityType: 'search_synonym', entityId: id };
    },
  },
});
