import type { Context } from '../context.js';
import { orNotFound } from '../errors.js';
import { countProjects, findProjectBySlug, findProjects, findProjectsByIds } from '../repositories/project.js';
import { LinkedArticleConnection, loadArticlesOf } from './article.js';
import { builder } from './builder.js';
import { parseRowId } from './global-id.js';
import { ProjectOrganisationConnection, loadProjectOrganisations } from './organisation.js';
import { ArticleLinkRole, ProjectRole } from './roles.js';
import { lookupArgs, oneLookup, resolveByName, roleEdge } from './shared.js';

const ProjectStatus = builder.enumType('ProjectStatus', {
  description: 'Where a project stands.',
  values: {
    ANNOUNCED: { value: 'announced', description: 'Announced, not started.' },
    IN_PROGRESS: { value: 'in_progress', description: 'Under way.' },
    COMPLETED: { value: 'completed', description: 'Done.' },
    CANCELLED: { value: 'cancelled', description: 'Abandoned.' },
  } as const,
});

const Money = builder.objectRef<{ amount: string; currency: string }>('Money').implement({
  description: 'An exact amount of money: never a float.',
  fields: (t) => ({
    amount: t.exposeString('amount', { description: 'Exact decimal amount as a string, e.g. "450000000".' }),
    currency: t.exposeString('currency', { description: 'ISO 4217 currency code, e.g. "EUR".' }),
  }),
});

const Location = builder.objectRef<{ name: string | null; country: string | null }>('Location').implement({
  description: 'Where a project takes place.',
  fields: (t) => ({
    name: t.exposeString('name', { nullable: true, description: 'Place name, e.g. "Valence (Drôme)".' }),
    country: t.exposeString('country', { nullable: true, description: 'ISO 3166-1 alpha-2 country code.' }),
  }),
});

export const Project = builder.loadableNodeRef('Project', {
  id: { resolve: (project) => project.id, parse: parseRowId },
  load: async (ids: number[], context: Context) => orNotFound('Project', ids, await findProjectsByIds(context.db, ids)),
});

Project.implement({
  description: 'A project the content is about: a data center, a plan, one of our own references.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Unique, URL-safe name.' }),
    name: t.exposeString('name', { description: 'Name as displayed.' }),
    summary: t.exposeString('summary', { nullable: true, description: 'What it is, in a few lines.' }),
    status: t.expose('status', { type: ProjectStatus, description: 'Where it stands.' }),
    budget: t.field({
      type: Money,
      nullable: true,
      description: 'Announced budget, if any.',
      resolve: (project) =>
        project.budget_amount !== null && project.budget_currency !== null
          ? { amount: project.budget_amount, currency: project.budget_currency }
          : null,
    }),
    location: t.field({
      type: Location,
      nullable: true,
      description: 'Where it takes place, if known.',
      resolve: (project) =>
        project.location_name === null && project.location_country === null
          ? null
          : { name: project.location_name, country: project.location_country },
    }),
    startedOn: t.expose('started_on', { type: 'Date', nullable: true, description: 'Start date, if known.' }),
    endedOn: t.expose('ended_on', { type: 'Date', nullable: true, description: 'End date, if known.' }),
    showcase: t.exposeBoolean('showcase', {
      description: "True for the site's own references (the \"Nos réalisations\" block).",
    }),
    isDemo: t.exposeBoolean('is_demo', { description: 'True for the demo content loaded on first start.' }),
    organisations: t.loadable({
      type: ProjectOrganisationConnection,
      byPath: true,
      description: 'Organisations taking part, in editorial order; each edge says their role.',
      args: t.arg.connectionArgs(),
      load: loadProjectOrganisations,
      resolve: (project) => project.id,
    }),
    articles: t.loadable({
      type: LinkedArticleConnection,
      byPath: true,
      description: 'Articles about or mentioning it, newest first; each edge says which.',
      args: t.arg.connectionArgs(),
      load: loadArticlesOf('project', 'Project.articles'),
      resolve: (project) => project.id,
    }),
  }),
});

const ProjectConnection = builder.connectionObject({ type: Project, name: 'ProjectConnection', description: 'A page of projects.' });

export const ArticleProjectConnection = builder.connectionObject(
  { type: Project, name: 'ArticleProjectConnection', description: "A page of an article's projects." },
  roleEdge('ArticleProjectEdge', ArticleLinkRole, 'Whether the article is about the project or mentions it.'),
);

export const OrganisationProjectConnection = builder.connectionObject(
  { type: Project, name: 'OrganisationProjectConnection', description: "A page of an organisation's projects." },
  roleEdge('OrganisationProjectEdge', ProjectRole, 'The part the organisation plays in this project.'),
);

const ProjectFilter = builder.inputType('ProjectFilter', {
  description: 'Narrows a list of projects.',
  fields: (t) => ({
    showcase: t.boolean({ description: 'True for the "Nos réalisations" block: our own references only.' }),
    statuses: t.field({ type: [ProjectStatus], description: 'Any of these statuses.' }),
  }),
});

builder.queryFields((t) => ({
  project: t.field({
    type: Project,
    nullable: true,
    description: 'One project by slug or by id (give exactly one); null when there is none.',
    args: lookupArgs(t),
    resolve: (_root, args, context) =>
      oneLookup(args, 'Project', {
        bySlug: (slug) => findProjectBySlug(context.db, slug),
        byId: (id) => Project.getDataloader(context).load(id),
      }),
  }),
  projects: t.field({
    type: ProjectConnection,
    description: 'Projects by name; `filter: { showcase: true }` gives the "Nos réalisations" block.',
    args: { ...t.arg.connectionArgs(), filter: t.arg({ type: ProjectFilter }) },
    resolve: (_root, args, context) => {
      const filter = { showcase: args.filter?.showcase ?? undefined, statuses: args.filter?.statuses ?? undefined };
      return resolveByName(
        args,
        (page) => findProjects(context.db, filter, page),
        () => countProjects(context.db, filter),
      );
    },
  }),
}));
