import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/types.js';
import { countArticleLinks } from '../repositories/article.js';
import { countOrganisationsByProjectIds, findOrganisationPagesByProjectIds } from '../repositories/organisation.js';
import {
  countProjects,
  deleteProject,
  findProjectBySlug,
  findProjects,
  findProjectsByIds,
  insertProject,
  linkOrganisationToProject,
  unlinkOrganisationFromProject,
  updateProject,
  type ProjectRow,
} from '../repositories/project.js';
import { projectRole, projectRules } from '../validation/entities.js';
import { project as projectModel } from '../model/entities.js';
import { builder } from './builder.js';
import { readingDeclared } from './computed-field.js';
import { checkSpan, editorMutation, idOf, mustExist, toColumns, versionedEntityMutations, withChanges } from './entity-mutations.js';
import { resolveArticlesOf } from './link-loads.js';
import { GalleryImageInput, galleryRule, replaceGallery } from './image-uses.js';
import { resolveNestedConnection } from './nested-connection.js';
import { refuse } from './mutation.js';
import { LinkedArticleConnection, Project, ProjectOrganisationConnection } from './refs.js';
import { ProjectRole } from './roles.js';
import { lookupArgs, oneLookup, resolveByName } from './shared.js';

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

/** Budget and location read two columns each, as the model says. */
const declared = readingDeclared<ProjectRow>();

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
      resolve: declared(projectModel, 'budget', (project) =>
        project.budget_amount !== null && project.budget_currency !== null
          ? { amount: project.budget_amount, currency: project.budget_currency }
          : null,
      ),
    }),
    location: t.field({
      type: Location,
      nullable: true,
      description: 'Where it takes place, if known.',
      resolve: declared(projectModel, 'location', (project) =>
        project.location_name === null && project.location_country === null
          ? null
          : { name: project.location_name, country: project.location_country },
      ),
    }),
    startedOn: t.expose('started_on', { type: 'Date', nullable: true, description: 'Start date, if known.' }),
    endedOn: t.expose('ended_on', { type: 'Date', nullable: true, description: 'End date, if known.' }),
    showcase: t.exposeBoolean('showcase', {
      description: "True for the site's own references (the \"Nos réalisations\" block).",
    }),
    version: t.exposeInt('version', {
      description: 'Increases with every change: send it back with an update to detect concurrent edits.',
    }),
    isDemo: t.exposeBoolean('is_demo', { description: 'True for the demo content loaded on first start.' }),
    organisations: t.field({
      type: ProjectOrganisationConnection,
      description: 'Organisations taking part, in editorial order; each edge says their role.',
      args: t.arg.connectionArgs(),
      resolve: resolveNestedConnection({
        name: 'Project.organisations',
        order: 'POSITION',
        nodeType: 'Organisation',
        pages: (context, ids, page, wanted) => findOrganisationPagesByProjectIds(context.db, ids, page, wanted),
        counts: (context, ids) => countOrganisationsByProjectIds(context.db, ids),
      }),
    }),
    articles: t.field({
      type: LinkedArticleConnection,
      description: 'Articles about or mentioning it, newest first; each edge says which.',
      args: t.arg.connectionArgs(),
      resolve: resolveArticlesOf('project', 'Project.articles'),
    }),
  }),
});

const ProjectConnection = builder.connectionObject({ type: Project, name: 'ProjectConnection', description: 'A page of projects.' });

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
      oneLookup(context.db, args, 'Project', {
        bySlug: (slug) => findProjectBySlug(context.db, slug),
        byId: (id) => Project.getDataloader(context).load(id),
      }),
  }),
  projects: t.field({
    type: ProjectConnection,
    description: 'Projects by name; `filter: { showcase: true }` gives the "Nos réalisations" block.',
    args: { ...t.arg.connectionArgs(), filter: t.arg({ type: ProjectFilter, description: 'Narrows the list: showcase projects, statuses.' }) },
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

// ——— Writing projects (editors only) ———

const MoneyInput = builder.inputType('MoneyInput', {
  description: 'An exact amount of money: never a float.',
  fields: (t) => ({
    amount: t.string({ required: true, description: 'Exact decimal amount as a string, up to 15 digits and 4 decimals, e.g. "450000000.50".' }),
    currency: t.string({ required: true, description: 'ISO 4217 currency code, e.g. "EUR".' }),
  }),
});

const LocationInput = builder.inputType('LocationInput', {
  description: 'Where a project takes place.',
  fields: (t) => ({
    name: t.string({ description: 'Place name, e.g. "Valence (Drôme)", up to 300 characters.' }),
    country: t.string({ description: 'ISO 3166-1 alpha-2 country code, e.g. "FR".' }),
  }),
});

const ProjectPayload = versionedEntityMutations({
  typename: 'Project',
  table: 'project',
  ref: Project,
  fields: projectRules,
  nameField: 'name',
  inputFields: (t, create) => ({
    name: t.string({ required: create, description: 'Name as displayed, 1 to 300 characters.' }),
    slug: t.string({ description: 'Unique slug; made from the name when left out on creation ("Méga data center" → "mega-data-center").' }),
    summary: t.string({ description: 'What it is, up to 5 000 characters; null clears it.' }),
    status: t.field({ type: ProjectStatus, description: 'Where it stands; a new project is ANNOUNCED unless told otherwise.' }),
    budget: t.field({ type: MoneyInput, description: 'Announced budget, amount and currency together; null clears it.' }),
    location: t.field({ type: LocationInput, description: 'Where it takes place (replaces name and country together); null clears it.' }),
    startedOn: t.string({ description: 'Start date (ISO 8601, e.g. "2025-02-16"); null clears it.' }),
    endedOn: t.string({ description: 'End date (ISO 8601, not before startedOn); null clears it.' }),
    showcase: t.boolean({ description: 'True for the site\'s own references ("Nos réalisations"); a new project is not, unless told otherwise.' }),
  }),
  // Budget and location each set both their columns, or clear both.
  columns: ({ budget, location, ...project }) => ({
    ...toColumns(project, { name: 'name', summary: 'summary', status: 'status', started_on: 'startedOn', ended_on: 'endedOn', showcase: 'showcase' }),
    ...(budget !== undefined && { budget_amount: budget?.amount ?? null, budget_currency: budget?.currency ?? null }),
    ...(location !== undefined && { location_name: location?.name ?? null, location_country: location?.country ?? null }),
  }),
  // The stored start (or end) counts when only the other date changes.
  async check(db, values, id) {
    if (values.started_on === undefined && values.ended_on === undefined) return;
    const [stored] = id === undefined ? [] : await findProjectsByIds(db, [id]);
    const next = stored ? withChanges(stored, values) : values;
    checkSpan(next.started_on, next.ended_on);
  },
  insert: insertProject,
  update: updateProject,
  deletion: {
    description: 'Deletes a project for good, with its links to organisations; refused (IN_USE) while articles link it.',
    remove: deleteProject,
    links: async (db, id) => ({ article: await countArticleLinks(db, 'project', id) }),
  },
  describe: { newInput: 'A new project. Add the organisations taking part with `linkProjectOrganisation`.' },
});

const LinkProjectOrganisationInput = builder.inputType('LinkProjectOrganisationInput', {
  description: 'Links an organisation to a project with its role; linking again changes the role.',
  fields: (t) => ({
    project: t.id({ required: true, description: 'The project.' }),
    organisation: t.id({ required: true, description: 'The organisation.' }),
    role: t.field({ type: ProjectRole, required: true, description: 'The part it plays in the project.' }),
    position: t.int({ description: 'Its rank in the editorial order: links are listed by rank, then by id; last when left out.' }),
  }),
});

const UnlinkProjectOrganisationInput = builder.inputType('UnlinkProjectOrganisationInput', {
  description: 'Removes an organisation from a project.',
  fields: (t) => ({
    project: t.id({ required: true, description: 'The project.' }),
    organisation: t.id({ required: true, description: 'The organisation.' }),
  }),
});

const projectLink = { project: idOf('Project'), organisation: idOf('Organisation') };
const linkProjectOrganisationInput = z.object({
  ...projectLink,
  role: projectRole,
  position: z.number().int().min(0).max(1000).nullish(),
});

/** The project after a change to its organisations, which are not versioned (a link loses nothing). */
async function touchedProject(db: Kysely<Database>, projectId: number) {
  const [project] = await findProjectsByIds(db, [projectId]);
  return { result: project ?? refuse('NOT_FOUND', ['project'], 'no project has this id'), entityType: 'project', entityId: projectId };
}

editorMutation('linkProjectOrganisation', {
  description: 'Links an organisation to a project with its role; linking again changes the role (and the position if given).',
  input: LinkProjectOrganisationInput,
  payload: ProjectPayload,
  mutation: {
    action: 'project.link-organisation',
    input: linkProjectOrganisationInput,
    async write(db, link) {
      await mustExist(db, 'project', link.project, 'project');
      await mustExist(db, 'organisation', link.organisation, 'organisation');
      await linkOrganisationToProject(db, link.project, link.organisation, link.role, link.position ?? null);
      return touchedProject(db, link.project);
    },
  },
});

editorMutation('unlinkProjectOrganisation', {
  description: 'Removes an organisation from a project.',
  input: UnlinkProjectOrganisationInput,
  payload: ProjectPayload,
  mutation: {
    action: 'project.unlink-organisation',
    input: z.object(projectLink),
    async write(db, link) {
      await mustExist(db, 'project', link.project, 'project');
      if (!(await unlinkOrganisationFromProject(db, link.project, link.organisation))) {
        refuse('NOT_FOUND', ['organisation'], 'this organisation is not linked to the project');
      }
      return touchedProject(db, link.project);
    },
  },
});

const SetProjectImagesInput = builder.inputType('SetProjectImagesInput', {
  description: "Sets a project's pictures, in order (replaces the previous ones).",
  fields: (t) => ({
    project: t.id({ required: true, description: 'The project.' }),
    images: t.field({ type: [GalleryImageInput], required: true, description: 'Up to 100 images, in the order readers should see them.' }),
  }),
});

editorMutation('setProjectImages', {
  description: "Sets a project's pictures (`images`), in order, each image with an optional caption of its own.",
  input: SetProjectImagesInput,
  payload: ProjectPayload,
  mutation: {
    action: 'project.set-images',
    input: z.object({ project: idOf('Project'), images: galleryRule }),
    async write(db, gallery) {
      await mustExist(db, 'project', gallery.project, 'project');
      await replaceGallery(db, 'project', gallery.project, gallery.images);
      return touchedProject(db, gallery.project);
    },
  },
});
