import type { Kysely } from 'kysely';
import type { Affiliation, Database, Person } from '../db/types.js';
import { anyOf, type KeysetPage, type PageOf } from './keyset.js';
import { countRows, findRowBySlug, findRowPage, findRowsByIds, nameOrder } from './entity-table.js';
import { countLinkedByParentIds, findLinkedPages, type LinkSpec } from './linked-page.js';

const personColumns = [
  'id', 'slug', 'full_name', 'description', 'is_demo', 'created_at', 'updated_at', 'version',
] as const satisfies ReadonlyArray<keyof Person>;

export const peopleByName = nameOrder('person', 'full_name');

const articlePeople: LinkSpec = {
  parentTable: 'article',
  linkTable: 'article_person',
  parentColumn: 'article_id',
  childColumn: 'person_id',
  childTable: 'person',
  childColumns: personColumns,
  hasRole: true,
};

export const findPeopleByIds = (db: Kysely<Database>, ids: readonly number[]) =>
  findRowsByIds<Person>(db, 'person', personColumns, ids);

export const findPersonBySlug = (db: Kysely<Database>, slug: string) =>
  findRowBySlug<Person>(db, 'person', personColumns, slug);

export const findPeople = (db: Kysely<Database>, page: KeysetPage): Promise<PageOf<Person>> =>
  findRowPage<Person>(db, 'person', personColumns, peopleByName, page);

export const countPeople = (db: Kysely<Database>) => countRows(db, 'person');

export const findPersonPagesByArticleIds = (db: Kysely<Database>, articleIds: readonly number[], page: KeysetPage) =>
  findLinkedPages<Person>(db, articlePeople, articleIds, page);

export const countPeopleByArticleIds = (db: Kysely<Database>, articleIds: readonly number[]) =>
  countLinkedByParentIds(db, articlePeople, articleIds);

/** Affiliations of each person (or of each organisation), current ones first. */
export async function findAffiliationsBy(
  db: Kysely<Database>,
  side: 'person_id' | 'organisation_id',
  ids: readonly number[],
): Promise<Affiliation[][]> {
  // affiliations of many people or organisations at once
  const rows = await db
    .selectFrom('affiliation')
    .selectAll()
    .where(side, '=', anyOf(ids))
    .orderBy(side)
    .orderBy((eb) => eb('ended_on', 'is', null), 'desc')
    .orderBy('started_on', 'desc')
    .orderBy('id')
    .execute();
  const groups = new Map<number, Affiliation[]>(ids.map((id) => [id, []]));
  for (const row of rows) groups.get(row[side])?.push(row);
  return ids.map((id) => groups.get(id) ?? []);
}
