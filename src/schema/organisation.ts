import { countArticleLinks } from '../repositories/article.js';
import {
  countOrganisationLinks,
  countOrganisations,
  deleteOrganisation,
  findOrganisationBySlug,
  findOrganisations,
  insertOrganisation,
  updateOrganisation,
} from '../repositories/organisation.js';
import { countProjectsByOrganisationIds, findProjectPagesByOrganisationIds } from '../repositories/project.js';
import { organisationRules } from '../validation/entities.js';
import { builder } from './builder.js';
import { toColumns, versionedEntityMutations } from './entity-mutations.js';
import { checkImageExists, imageIdRule } from './image-uses.js';
import { resolveAffiliationsBy, resolveArticlesOf } from './link-loads.js';
import { resolveNestedConnection } from './nested-connection.js';
import { Affiliation, LinkedArticleConnection, Organisation, OrganisationProjectConnection } from './refs.js';
import { lookupArgs, oneLookup, resolveByName } from './shared.js';

const OrganisationKind = builder.enumType('OrganisationKind', {
  description: 'What kind of organisation it is.',
  values: {
    COMPANY: { value: 'company', description: 'A business.' },
    PUBLIC_BODY: { value: 'public_body', description: 'Government, ministry, agency.' },
    LOCAL_AUTHORITY: { value: 'local_authority', description: 'A town, department or region.' },
    MEDIA: { value: 'media', description: 'A newspaper, broadcaster or publisher.' },
    SCHOOL: { value: 'school', description: 'A school, university or training body.' },
    ASSOCIATION: { value: 'association', description: 'A non-profit association.' },
    OTHER: { value: 'other', description: 'Anything else.' },
  } as const,
});

Organisation.implement({
  description: 'A company, public body, local authority, media, school...',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Unique, URL-safe name.' }),
    name: t.exposeString('name', { description: 'Name as displayed.' }),
    kind: t.expose('kind', { type: OrganisationKind, description: 'What kind of organisation it is.' }),
    websiteUrl: t.exposeString('website_url', { nullable: true, description: 'Its website.' }),
    description: t.exposeString('description', { nullable: true, description: 'A line about what it does.' }),
    country: t.exposeString('country', { nullable: true, description: 'ISO 3166-1 alpha-2 country code.' }),
    version: t.exposeInt('version', {
      description: 'Increases with every change: send it back with an update to detect concurrent edits.',
    }),
    isDemo: t.exposeBoolean('is_demo', { description: 'True for the demo content loaded on first start.' }),
    affiliations: t.field({
      type: [Affiliation],
      description: 'People who hold or held a position in it, current ones first.',
      resolve: resolveAffiliationsBy('organisation_id'),
    }),
    projects: t.field({
      type: OrganisationProjectConnection,
      description: 'Projects it takes part in; each edge says its role.',
      args: t.arg.connectionArgs(),
      resolve: resolveNestedConnection({
        name: 'Organisation.projects',
        order: 'POSITION',
        nodeType: 'Project',
        pages: (context, ids, page, wanted) => findProjectPagesByOrganisationIds(context.db, ids, page, wanted),
        counts: (context, ids) => countProjectsByOrganisationIds(context.db, ids),
      }),
    }),
    articles: t.field({
      type: LinkedArticleConnection,
      description: 'Articles involving it, newest first; each edge says its role.',
      args: t.arg.connectionArgs(),
      resolve: resolveArticlesOf('organisation', 'Organisation.articles'),
    }),
  }),
});

const OrganisationConnection = builder.connectionObject({
  type: Organisation,
  name: 'OrganisationConnection',
  description: 'A page of organisations.',
});

builder.queryFields((t) => ({
  organisation: t.field({
    type: Organisation,
    nullable: true,
    description: 'One organisation by slug or by id (give exactly one); null when there is none.',
    args: lookupArgs(t),
    resolve: (_root, args, context) =>
      oneLookup(context.db, args, 'Organisation', {
        bySlug: (slug) => findOrganisationBySlug(context.db, slug),
        byId: (id) => Organisation.getDataloader(context).load(id),
      }),
  }),
  organisations: t.field({
    type: OrganisationConnection,
    description: 'All organisations, by name.',
    args: t.arg.connectionArgs(),
    resolve: (_root, args, context) =>
      resolveByName(args, (page) => findOrganisations(context.db, page), () => countOrganisations(context.db)),
  }),
}));

// ——— Writing organisations (editors only) ———

versionedEntityMutations({
  typename: 'Organisation',
  table: 'organisation',
  ref: Organisation,
  fields: { ...organisationRules, logo: imageIdRule },
  nameField: 'name',
  inputFields: (t, create) => ({
    name: t.string({ required: create, description: 'Name as displayed, 1 to 300 characters.' }),
    kind: t.field({ type: OrganisationKind, required: create, description: 'What kind of organisation it is.' }),
    slug: t.string({ description: 'Unique slug; made from the name when left out on creation ("Ville de Valence" → "ville-de-valence").' }),
    websiteUrl: t.string({ description: 'Its website (http or https); null clears it.' }),
    description: t.string({ description: 'A line about what it does, up to 2 000 characters; null clears it.' }),
    country: t.string({ description: 'ISO 3166-1 alpha-2 country code, e.g. "FR"; null clears it.' }),
    logo: t.id({ description: 'Its logo: the id of an Image; null removes it.' }),
  }),
  columns: (organisation) =>
    toColumns(organisation, {
      name: 'name',
      kind: 'kind',
      website_url: 'websiteUrl',
      description: 'description',
      country: 'country',
      logo_id: 'logo',
    }),
  check: (db, values) => checkImageExists(db, values.logo_id, 'logo'),
  insert: insertOrganisation,
  update: updateOrganisation,
  deletion: {
    description: 'Deletes an organisation for good; refused (IN_USE) while articles, projects or affiliations link it.',
    remove: deleteOrganisation,
    links: async (db, id) => ({ article: await countArticleLinks(db, 'organisation', id), ...(await countOrganisationLinks(db, id)) }),
  },
  describe: { newInput: 'A new organisation: a company, public body, local authority, media, school...' },
});
