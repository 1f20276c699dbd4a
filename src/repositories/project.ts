import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database, Project, ProjectStatus } from '../db/types.js';
import type { KeysetPage, PageOf } from './keyset.js';
import { countRows, findRowBySlug, findRowPage, findRowsByIds, nameOrder } from './entity-table.js';
import { countLinkedByParentIds, findLinkedPages, type LinkSpec } from './linked-page.js';

const projectColumns = [
  'id', 'slug', 'name', 'summary', 'status', 'budget_amount', 'budget_currency', 'location_name',
  'location_country', 'started_on', 'ended_on', 'showcase', 'is_demo', 'created_at', 'updated_at', 'version',
] as const satisfies ReadonlyArray<keyof Project>;

export const projectsByName = nameOrder('project', 'name');

const articleProjects: LinkSpec = {
  parentTable: 'article',
  linkTable: 'article_project',
  parentColumn: 'article_id',
  childColumn: 'project_id',
  childTable: 'project',
  childColumns: projectColumns,
  hasRole: true,
};

const organisationProjects: LinkSpec = {
  parentTable: 'organisation',
  linkTable: 'project_organisation',
  parentColumn: 'organisation_id',
  childColumn: 'project_id',
  childTable: 'project',
  childColumns: projectColumns,
  hasRole: true,
};

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
  findRowsByIds<Project>(db, 'project', projectColumns, ids);

export const findProjectBySlug = (db: Kysely<Database>, slug: string) =>
  findRowBySlug<Project>(db, 'project', projectColumns, slug);

export const findProjects = (db: Kysely<Database>, filter: ProjectFilter, page: KeysetPage): Promise<PageOf<Project>> =>
  findRowPage<Project>(db, 'project', projectColumns, projectsByName, page, matching(filter));

export const countProjects = (db: Kysely<Database>, filter: ProjectFilter) =>
  countRows(db, 'project', matching(filter));

export const findProjectPagesByArticleIds = (db: Kysely<Database>, articleIds: readonly number[], page: KeysetPage) =>
  findLinkedPages<Project>(db, articleProjects, articleIds, page);

export const countProjectsByArticleIds = (db: Kysely<Database>, articleIds: readonly number[]) =>
  countLinkedByParentIds(db, articleProjects, articleIds);

export const findProjectPagesByOrganisationIds = (db: Kysely<Database>, organisationIds: readonly number[], page: KeysetPage) =>
  findLinkedPages<Project>(db, organisationProjects, organisationIds, page);

export const countProjectsByOrganisationIds = (db: Kysely<Database>, organisationIds: readonly number[]) =>
  countLinkedByParentIds(db, organisationProjects, organisationIds);
