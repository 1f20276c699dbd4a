import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/types.js';
import { countArticleLinks } from '../repositories/article.js';
import {
  countPeople,
  deleteAffiliation,
  deletePerson,
  findAffiliationsByIds,
  findPeople,
  findPersonBySlug,
  insertAffiliation,
  insertPerson,
  isAffiliationTaken,
  updateAffiliation,
  updatePerson,
  type AffiliationWithEnd,
  type PersonRow,
} from '../repositories/person.js';
import type { OrganisationRow } from '../repositories/organisation.js';
import { joinedOrId } from './joined-rows.js';
import { affiliationRules, personRules } from '../validation/entities.js';
import { builder } from './builder.js';
import {
  checkSpan,
  deleteInput,
  editorMutation,
  idOf,
  mustExist,
  toColumns,
  versionedEntityMutations,
  withChanges,
  type InputFields,
} from './entity-mutations.js';
import { checkImageExists, imageIdRule } from './image-uses.js';
import { resolveAffiliationsBy, resolveArticlesOf } from './link-loads.js';
import { payloadType, refuse } from './mutation.js';
import { Affiliation, LinkedArticleConnection, Organisation, Person } from './refs.js';
import { lookupArgs, oneLookup, resolveByName } from './shared.js';

Affiliation.implement({
  description: 'A position a person holds (or held) in an organisation.',
  fields: (t) => ({
    title: t.exposeString('title', { nullable: true, description: 'The position, e.g. "Maire de Valence".' }),
    startedOn: t.expose('started_on', { type: 'Date', nullable: true, description: 'When it began, if known.' }),
    endedOn: t.expose('ended_on', { type: 'Date', nullable: true, description: 'When it ended; null while current.' }),
    person: t.field({
      type: Person,
      description: 'Who holds it.',
      resolve: (affiliation: AffiliationWithEnd) => joinedOrId(affiliation.person, affiliation.person_id),
    }),
    organisation: t.field({
      type: Organisation,
      description: 'Where it is held.',
      resolve: (affiliation: AffiliationWithEnd) => joinedOrId(affiliation.organisation, affiliation.organisation_id),
    }),
  }),
});

Person.implement({
  description: 'A person the content is about, quotes or is written by.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Unique, URL-safe name.' }),
    fullName: t.exposeString('full_name', { description: 'Full name as displayed.' }),
    description: t.exposeString('description', { nullable: true, description: 'A line about who they are.' }),
    version: t.exposeInt('version', {
      description: 'Increases with every change: send it back with an update to detect concurrent edits.',
    }),
    isDemo: t.exposeBoolean('is_demo', { description: 'True for the demo content loaded on first start.' }),
    affiliations: t.field({
      type: [Affiliation],
      description: 'Positions they hold or held, current ones first.',
      resolve: resolveAffiliationsBy('person_id'),
    }),
    articles: t.field({
      type: LinkedArticleConnection,
      description: 'Articles involving them, newest first; each edge says their role.',
      args: t.arg.connectionArgs(),
      resolve: resolveArticlesOf('person', 'Person.articles'),
    }),
  }),
});

const PersonConnection = builder.connectionObject({ type: Person, name: 'PersonConnection', description: 'A page of people.' });

builder.queryFields((t) => ({
  person: t.field({
    type: Person,
    nullable: true,
    description: 'One person by slug or by id (give exactly one); null when there is none.',
    args: lookupArgs(t),
    resolve: (_root, args, context) =>
      oneLookup(context.db, args, 'Person', {
        bySlug: (slug) => findPersonBySlug(context.db, slug),
        byId: (id) => Person.getDataloader(context).load(id),
      }),
  }),
  people: t.field({
    type: PersonConnection,
    description: 'All people, by name.',
    args: t.arg.connectionArgs(),
    resolve: (_root, args, context) =>
      resolveByName(args, (page) => findPeople(context.db, page), () => countPeople(context.db)),
  }),
}));

// ——— Writing people and their affiliations (editors only) ———

versionedEntityMutations({
  typename: 'Person',
  table: 'person',
  ref: Person,
  // Their affiliations have mutations of their own.
  fields: { ...personRules, portrait: imageIdRule },
  nameField: 'fullName',
  inputFields: (t, create) => ({
    fullName: t.string({ required: create, description: 'Full name as displayed, 1 to 300 characters.' }),
    slug: t.string({ description: 'Unique slug; made from the full name when left out on creation ("Clara Chappaz" → "clara-chappaz").' }),
    description: t.string({ description: 'A line about who they are, up to 2 000 characters; null clears it.' }),
    portrait: t.id({ description: 'Their portrait: the id of an Image; null removes it.' }),
  }),
  columns: (person) => toColumns(person, { full_name: 'fullName', description: 'description', portrait_id: 'portrait' }),
  check: (db, values) => checkImageExists(db, values.portrait_id, 'portrait'),
  insert: insertPerson,
  update: updatePerson,
  deletion: {
    description: 'Deletes a person for good, with their affiliations; refused (IN_USE) while articles link them.',
    remove: deletePerson,
    links: async (db, id) => ({ article: await countArticleLinks(db, 'person', id) }),
  },
  describe: { newInput: 'A new person. Add their positions with `createAffiliation`.' },
});

// Affiliations are small rows without a version: the last writer wins.
const AffiliationPayload = payloadType('AffiliationPayload', 'affiliation', Affiliation, 'the affiliation as it now is (after a delete: as it was)');

const createAffiliationInput = z.object({ person: idOf('Person'), organisation: idOf('Organisation'), ...affiliationRules });
const updateAffiliationInput = z.object({ id: idOf('Affiliation'), ...affiliationRules });

const affiliationColumns = { title: 'title', started_on: 'startedOn', ended_on: 'endedOn' } as const;

function affiliationInputFields(t: InputFields) {
  return {
    title: t.string({ description: 'The position, e.g. "Maire de Valence", up to 300 characters; null clears it.' }),
    startedOn: t.string({ description: 'When it began (ISO 8601 date, e.g. "2020-07-04"); null when unknown.' }),
    endedOn: t.string({ description: 'When it ended (ISO 8601 date, not before startedOn); null while current.' }),
  };
}

const CreateAffiliationInput = builder.inputType('CreateAffiliationInput', {
  description: 'A position a person holds (or held) in an organisation.',
  fields: (t) => ({
    person: t.id({ required: true, description: 'The person.' }),
    organisation: t.id({ required: true, description: 'The organisation.' }),
    ...affiliationInputFields(t),
  }),
});

const UpdateAffiliationInput = builder.inputType('UpdateAffiliationInput', {
  description: 'Changes to an affiliation: only the fields given change. Affiliations have no version: the last change wins.',
  fields: (t) => ({ id: t.id({ required: true, description: 'The affiliation to change.' }), ...affiliationInputFields(t) }),
});

/** The same person may hold the same title in the same organisation only once. */
async function checkAffiliationFree(db: Kysely<Database>, affiliation: Parameters<typeof isAffiliationTaken>[1], exceptId?: number) {
  if (await isAffiliationTaken(db, affiliation, exceptId)) {
    refuse('ALREADY_EXISTS', ['title'], 'this person already holds this title in this organisation');
  }
}

editorMutation('createAffiliation', {
  description: 'Records a position a person holds (or held) in an organisation.',
  input: CreateAffiliationInput,
  payload: AffiliationPayload,
  mutation: {
    action: 'affiliation.create',
    input: createAffiliationInput,
    async write(db, affiliation) {
      checkSpan(affiliation.startedOn, affiliation.endedOn);
      await mustExist(db, 'person', affiliation.person, 'person');
      await mustExist(db, 'organisation', affiliation.organisation, 'organisation');
      const values = { person_id: affiliation.person, organisation_id: affiliation.organisation, ...toColumns(affiliation, affiliationColumns) };
      await checkAffiliationFree(db, { ...values, title: values.title ?? null });
      const row = await insertAffiliation(db, values);
      return { result: row, entityType: 'affiliation', entityId: row.id };
    },
  },
});

editorMutation('updateAffiliation', {
  description: 'Changes the title or dates of an affiliation (no version: the last change wins).',
  input: UpdateAffiliationInput,
  payload: AffiliationPayload,
  mutation: {
    action: 'affiliation.update',
    input: updateAffiliationInput,
    async write(db, changes) {
      const [current] = await findAffiliationsByIds(db, [changes.id]);
      if (!current) refuse('NOT_FOUND', ['id'], 'no affiliation has this id');
      const values = toColumns(changes, affiliationColumns);
      const next = withChanges(current, values);
      checkSpan(next.started_on, next.ended_on);
      await checkAffiliationFree(db, next, current.id);
      const row = (await updateAffiliation(db, changes.id, values)) ?? refuse('NOT_FOUND', ['id'], 'no affiliation has this id');
      return { result: row, entityType: 'affiliation', entityId: changes.id };
    },
  },
});

editorMutation('deleteAffiliation', {
  description: 'Deletes an affiliation.',
  input: deleteInput('Affiliation', 'affiliation'),
  payload: AffiliationPayload,
  mutation: {
    action: 'affiliation.delete',
    input: z.object({ id: idOf('Affiliation') }),
    async write(db, { id }) {
      const row = (await deleteAffiliation(db, id)) ?? refuse('NOT_FOUND', ['id'], 'no affiliation has this id');
      return { result: row, entityType: 'affiliation', entityId: id };
    },
  },
});
