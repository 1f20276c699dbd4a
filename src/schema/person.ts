import type { Context } from '../context.js';
import { orNotFound } from '../errors.js';
import { countPeople, findAffiliationsBy, findPeople, findPeopleByIds, findPersonBySlug } from '../repositories/person.js';
import { LinkedArticleConnection, loadArticlesOf } from './article.js';
import { builder } from './builder.js';
import { parseRowId } from './global-id.js';
import { Organisation } from './organisation.js';
import { ArticleLinkRole } from './roles.js';
import { lookupArgs, oneLookup, resolveByName, roleEdge } from './shared.js';

export const Person = builder.loadableNodeRef('Person', {
  id: { resolve: (person) => person.id, parse: parseRowId },
  load: async (ids: number[], context: Context) => orNotFound('Person', ids, await findPeopleByIds(context.db, ids)),
});

export const Affiliation = builder.objectRef<Awaited<ReturnType<typeof findAffiliationsBy>>[number][number]>('Affiliation');

Affiliation.implement({
  description: 'A position a person holds (or held) in an organisation.',
  fields: (t) => ({
    title: t.exposeString('title', { nullable: true, description: 'The position, e.g. "Maire de Valence".' }),
    startedOn: t.expose('started_on', { type: 'Date', nullable: true, description: 'When it began, if known.' }),
    endedOn: t.expose('ended_on', { type: 'Date', nullable: true, description: 'When it ended; null while current.' }),
    person: t.field({ type: Person, description: 'Who holds it.', resolve: (affiliation) => affiliation.person_id }),
    organisation: t.field({
      type: Organisation,
      description: 'Where it is held.',
      resolve: (affiliation) => affiliation.organisation_id,
    }),
  }),
});

/** The `load` of a list of affiliations per person or per organisation. */
export function loadAffiliationsBy(side: 'person_id' | 'organisation_id') {
  return (ids: number[], context: Context) => findAffiliationsBy(context.db, side, ids);
}

Person.implement({
  description: 'A person the content is about, quotes or is written by.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Unique, URL-safe name.' }),
    fullName: t.exposeString('full_name', { description: 'Full name as displayed.' }),
    description: t.exposeString('description', { nullable: true, description: 'A line about who they are.' }),
    isDemo: t.exposeBoolean('is_demo', { description: 'True for the demo content loaded on first start.' }),
    affiliations: t.loadableList({
      type: Affiliation,
      description: 'Positions they hold or held, current ones first.',
      load: loadAffiliationsBy('person_id'),
      resolve: (person) => person.id,
    }),
    articles: t.loadable({
      type: LinkedArticleConnection,
      byPath: true,
      description: 'Articles involving them, newest first; each edge says their role.',
      args: t.arg.connectionArgs(),
      load: loadArticlesOf('person', 'Person.articles'),
      resolve: (person) => person.id,
    }),
  }),
});

const PersonConnection = builder.connectionObject({ type: Person, name: 'PersonConnection', description: 'A page of people.' });

export const ArticlePersonConnection = builder.connectionObject(
  { type: Person, name: 'ArticlePersonConnection', description: "A page of an article's people." },
  roleEdge('ArticlePersonEdge', ArticleLinkRole, 'The part this person plays in the article.'),
);

builder.queryFields((t) => ({
  person: t.field({
    type: Person,
    nullable: true,
    description: 'One person by slug or by id (give exactly one); null when there is none.',
    args: lookupArgs(t),
    resolve: (_root, args, context) =>
      oneLookup(args, 'Person', {
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
