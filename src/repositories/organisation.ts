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
import { countLinkedByParentIds, findLinkedPages } from './linked-page.js';
import { organisation, readColumns, type RowOf } from '../model/entities.js';
import { articleOrganisation, projectOrganisation } from '../model/links.js';

export const organisationColumns = readColumns(organisation);

/** An organisation as reads and writes return it: the columns the API shows. */
export type OrganisationRow = RowOf<typeof organisation, Organisation>;

export const organisationsByName = nameOrder('organisation', 'name');

export const findOrganisationsByIds = (db: Kysely<Database>, ids: readonly number[]) =>
  findRowsByIds<OrganisationRow>(db, 'organisation', organisationColumns, ids);

export const findOrganisationBySlug = (db: Kysely<Database>, slug: string) =>
  findRowBySlug<OrganisationRow>(db, 'organisation', organisationColumns, slug);

export const findOrganisations = (db: Kysely<Database>, page: KeysetPage): Promise<PageOf<OrganisationRow>> =>
  findRowPage<OrganisationRow>(db, 'organisation', organisationColumns, organisationsByName, page);

export const countOrganisations = (db: Kysely<Database>) => countRows(db, 'organisation');

export const findOrganisationPagesByArticleIds = (db: Kysely<Database>, articleIds: readonly number[], page: KeysetPage, wanted?: ReadonlySet<string> | null) =>
  findLinkedPages<OrganisationRow>(db, articleOrganisation, articleIds, page, wanted);

export const countOrganisationsByArticleIds = (db: Kysely<Database>, articleIds: readonly number[]) =>
  countLinkedByParentIds(db, articleOrganisation, articleIds);

export const findOrganisationPagesByProjectIds = (db: Kysely<Database>, projectIds: readonly number[], page: KeysetPage, wanted?: ReadonlySet<string> | null) =>
  findLinkedPages<OrganisationRow>(db, projectOrganisation, projectIds, page, wanted);

export const countOrganisationsByProjectIds = (db: Kysely<Database>, projectIds: readonly number[]) =>
  countLinkedByParentIds(db, projectOrganisation, projectIds);

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
