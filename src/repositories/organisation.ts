import type { Kysely } from 'kysely';
import type { Database, NewOrganisation, Organisation, OrganisationUpdate } from '../db/types.js';
import type { KeysetPage, PageOf } from './keyset.js';
import {
  countRows,
  deleteRow,
  findRowBySlug,
  findRowPage,
  findRowsByIds,
  insertRow,
  nameOrder,
  updateVersioned,
} from './entity-table.js';
import { countLinkedByParentIds, findLinkedPages, type LinkSpec } from './linked-page.js';

export const organisationColumns = [
  'id', 'slug', 'name', 'kind', 'website_url', 'description', 'country', 'is_demo', 'version',
] as const satisfies ReadonlyArray<keyof Organisation>;

/** A organisation as reads and writes return it: the columns the API shows. */
export type OrganisationRow = Omit<Organisation, 'created_at' | 'updated_at'>;

export const organisationsByName = nameOrder('organisation', 'name');

const articleOrganisations: LinkSpec = {
  parentTable: 'article',
  linkTable: 'article_organisation',
  parentColumn: 'article_id',
  childColumn: 'organisation_id',
  childTable: 'organisation',
  childColumns: organisationColumns,
  hasRole: true,
};

const projectOrganisations: LinkSpec = {
  parentTable: 'project',
  linkTable: 'project_organisation',
  parentColumn: 'project_id',
  childColumn: 'organisation_id',
  childTable: 'organisation',
  childColumns: organisationColumns,
  hasRole: true,
};

export const findOrganisationsByIds = (db: Kysely<Database>, ids: readonly number[]) =>
  findRowsByIds<OrganisationRow>(db, 'organisation', organisationColumns, ids);

export const findOrganisationBySlug = (db: Kysely<Database>, slug: string) =>
  findRowBySlug<OrganisationRow>(db, 'organisation', organisationColumns, slug);

export const findOrganisations = (db: Kysely<Database>, page: KeysetPage): Promise<PageOf<OrganisationRow>> =>
  findRowPage<OrganisationRow>(db, 'organisation', organisationColumns, organisationsByName, page);

export const countOrganisations = (db: Kysely<Database>) => countRows(db, 'organisation');

export const findOrganisationPagesByArticleIds = (db: Kysely<Database>, articleIds: readonly number[], page: KeysetPage, wanted?: ReadonlySet<string> | null) =>
  findLinkedPages<OrganisationRow>(db, articleOrganisations, articleIds, page, wanted);

export const countOrganisationsByArticleIds = (db: Kysely<Database>, articleIds: readonly number[]) =>
  countLinkedByParentIds(db, articleOrganisations, articleIds);

export const findOrganisationPagesByProjectIds = (db: Kysely<Database>, projectIds: readonly number[], page: KeysetPage, wanted?: ReadonlySet<string> | null) =>
  findLinkedPages<OrganisationRow>(db, projectOrganisations, projectIds, page, wanted);

export const countOrganisationsByProjectIds = (db: Kysely<Database>, projectIds: readonly number[]) =>
  countLinkedByParentIds(db, projectOrganisations, projectIds);

export const insertOrganisation = (db: Kysely<Database>, values: NewOrganisation) =>
  insertRow<OrganisationRow>(db, 'organisation', organisationColumns, values);

export const updateOrganisation = (db: Kysely<Database>, id: number, version: number, values: OrganisationUpdate) =>
  updateVersioned<OrganisationRow>(db, 'organisation', organisationColumns, id, version, values);

export const deleteOrganisation = (db: Kysely<Database>, id: number) =>
  deleteRow<OrganisationRow>(db, 'organisation', organisationColumns, id);

/** How many projects and affiliations (besides articles) still name an organisation. */
export async function countOrganisationLinks(db: Kysely<Database>, id: number): Promise<{ project: number; affiliation: number }> {
  // project and affiliation counts of one organisation
  const counts = await db
    .selectNoFrom((eb) => [
      eb.selectFrom('project_organisation').select(eb.fn.countAll<string>().as('count')).where('organisation_id', '=', id).as('project'),
      eb.selectFrom('affiliation').select(eb.fn.countAll<string>().as('count')).where('organisation_id', '=', id).as('affiliation'),
    ])
    .executeTakeFirstOrThrow();
  return { project: Number(counts.project), affiliation: Number(counts.affiliation) };
}
