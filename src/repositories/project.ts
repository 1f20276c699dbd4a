import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Database, NewProject, Project, ProjectOrganisationRole, ProjectStatus, ProjectUpdate } from '../db/types.js';
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
import { project, readColumns, type RowOf } from '../model/entities.js';
import { articleProject, projectOrganisation, reversedLink } from '../model/links.js';

const projectColumns = readColumns(project);

/** A project as reads and writes return it: the columns the API shows. */
export type ProjectRow = RowOf<typeof project, Project>;

export const projectsByName = nameOrder('project', 'name');

/** An organisation's projects: the project-organisation link read from the organisation's side. */
const organisationProjects = reversedLink(projectOrganisation);

export interface ProjectFilter {
  showcase?: boolean;
  statuses?: ProjectStatus[];
}

function matching(filter: ProjectFilter) {
  return (eb: ExpressionBuilder<any, any>) => {
    const conditions = [];
    if (filter.showcase !== undefined) conditions.push(eb('project.showcase', '=', filter.showcase));
    if (filter.statuses?.length) conditions.push(eb('project.status', 'in', filter.statuses));
    return eb.and(conditions);
  };
}

export const findProjectsByIds = (db: Kysely<Database>, ids: readonly number[]) =>
  findRowsByIds<ProjectRow>(db, 'project', projectColumns, ids);

export const findProjectBySlug = (db: Kysely<Database>, slug: string) =>
  findRowBySlug<ProjectRow>(db, 'project', projectColumns, slug);

export const findProjects = (db: Kysely<Database>, filter: ProjectFilter, page: KeysetPage): Promise<PageOf<ProjectRow>> =>
  findRowPage<ProjectRow>(db, 'project', projectColumns, projectsByName, page, matching(filter));

export const countProjects = (db: Kysely<Database>, filter: ProjectFilter) =>
  countRows(db, 'project', matching(filter));

export const findProjectPagesByArticleIds = (db: Kysely<Database>, articleIds: readonly number[], page: KeysetPage, wanted?: ReadonlySet<string> | null) =>
  findLinkedPages<ProjectRow>(db, articleProject, articleIds, page, wanted);

export const countProjectsByArticleIds = (db: Kysely<Database>, articleIds: readonly number[]) =>
  countLinkedByParentIds(db, articleProject, articleIds);

export const findProjectPagesByOrganisationIds = (db: Kysely<Database>, organisationIds: readonly number[], page: KeysetPage, wanted?: ReadonlySet<string> | null) =>
  findLinkedPages<ProjectRow>(db, organisationProjects, organisationIds, page, wanted);

export const countProjectsByOrganisationIds = (db: Kysely<Database>, organisationIds: readonly number[]) =>
  countLinkedByParentIds(db, organisationProjects, organisationIds);

export const insertProject = (db: Kysely<Database>, values: NewProject) => insertRow<ProjectRow>(db, 'project', projectColumns, values);

export const updateProject = (db: Kysely<Database>, id: number, version: number, values: ProjectUpdate) =>
  updateVersioned<ProjectRow>(db, 'project', projectColumns, id, version, values);

/** Deletes a project; its links to organisations go with it (foreign key cascade). */
export const deleteProject = (db: Kysely<Database>, id: number) => deleteRow<ProjectRow>(db, 'project', projectColumns, id);

/** Links (or re-links with a new role) an organisation to a project; without a position, it goes last. */
export async function linkOrganisationToProject(
  db: Kysely<Database>,
  projectId: number,
  organisationId: number,
  role: ProjectOrganisationRole,
  position: number | null,
): Promise<void> {
  const last = sql<number>`(select coalesce(max(position) + 1, 0) from project_organisation where project_id = ${projectId})`;
  // link upsert: linking again changes the role (and the position if given)
  await db
    .insertInto('project_organisation')
    .values({ project_id: projectId, organisation_id: organisationId, role, position: position ?? last })
    .onConflict((conflict) =>
      conflict.columns(['project_id', 'organisation_id']).doUpdateSet({ role, ...(position !== null ? { position } : {}) }),
    )
    .execute();
}

/** Removes an organisation from a project; false when it was not linked. */
export async function unlinkOrganisationFromProject(db: Kysely<Database>, projectId: number, organisationId: number) {
  const result = await db
    .deleteFrom('project_organisation')
    .where('project_id', '=', projectId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
