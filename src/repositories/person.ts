import { sql, type Kysely, type Updateable } from 'kysely';
import type { Affiliation, AffiliationTable, Database, NewAffiliation, NewPerson, Person, PersonUpdate } from '../db/types.js';
import { anyOf, type KeysetPage, type PageOf } from './keyset.js';
import {
  countRows,
  deleteRow,
  findRowBySlug,
  findRowPage,
  findRowsByIds,
  insertRow,
  nameOrder,
  updateRow,
  updateVersioned,
} from './entity-table.js';
import { countLinkedByParentIds, findLinkedPages } from './linked-page.js';
import { affiliation, person, readColumns, type RowOf } from '../model/entities.js';
import { articlePerson } from '../model/links.js';
import type { OrganisationRow } from './organisation.js';

const personColumns = readColumns(person);

/** A person as reads and writes return it: the columns the API shows. */
export type PersonRow = RowOf<typeof person, Person>;

export const peopleByName = nameOrder('person', 'full_name');

export const findPeopleByIds = (db: Kysely<Database>, ids: readonly number[]) =>
  findRowsByIds<PersonRow>(db, 'person', personColumns, ids);

export const findPersonBySlug = (db: Kysely<Database>, slug: string) =>
  findRowBySlug<PersonRow>(db, 'person', personColumns, slug);

export const findPeople = (db: Kysely<Database>, page: KeysetPage): Promise<PageOf<PersonRow>> =>
  findRowPage<PersonRow>(db, 'person', personColumns, peopleByName, page);

export const countPeople = (db: Kysely<Database>) => countRows(db, 'person');

export const findPersonPagesByArticleIds = (db: Kysely<Database>, articleIds: readonly number[], page: KeysetPage, wanted?: ReadonlySet<string> | null) =>
  findLinkedPages<PersonRow>(db, articlePerson, articleIds, page, wanted);

export const countPeopleByArticleIds = (db: Kysely<Database>, articleIds: readonly number[]) =>
  countLinkedByParentIds(db, articlePerson, articleIds);

/** The other end of an affiliation seen from one side: its id column, and the row it names. */
export const affiliationOtherEnd = {
  person_id: { idColumn: 'organisation_id', entity: 'organisation' },
  organisation_id: { idColumn: 'person_id', entity: 'person' },
} as const;

export type AffiliationSide = keyof typeof affiliationOtherEnd;

/** An affiliation, read with the row at its other end (`organisation` or `person`) when the read joined it. */
export type AffiliationWithEnd = Affiliation & { organisation?: Partial<OrganisationRow>; person?: Partial<PersonRow> };

/**
 * Affiliations of each person (or of each organisation), current ones first; with `otherEnd`,
 * each with these columns of the organisation (or person) at its other end, in the same statement.
 */
export async function findAffiliationsBy(
  db: Kysely<Database>,
  side: AffiliationSide,
  ids: readonly number[],
  otherEnd?: readonly string[],
): Promise<AffiliationWithEnd[][]> {
  const { idColumn, entity } = affiliationOtherEnd[side];
  const joinedName = (column: string) => `${entity}.${column}`;
  const own = db.selectFrom('affiliation').selectAll('affiliation').where(`affiliation.${side}`, '=', anyOf(ids));
  const query = otherEnd
    ? own
        .innerJoin(sql`${sql.table(entity)}`.as('other_end'), (join) => join.on(sql<boolean>`other_end.id = ${sql.ref(`affiliation.${idColumn}`)}`))
        .select(otherEnd.map((column) => sql.ref(`other_end.${column}`).as(joinedName(column))))
    : own;
  // affiliations of many people or organisations at once (and who or where they are)
  const found = await (query as typeof own)
    .orderBy(`affiliation.${side}`)
    .orderBy((eb) => eb('affiliation.ended_on', 'is', null), 'desc')
    .orderBy('affiliation.started_on', 'desc')
    .orderBy('affiliation.id')
    .execute();
  const rows = found as Array<AffiliationWithEnd & Record<string, unknown>>;
  if (otherEnd) for (const row of rows) row[entity] = Object.fromEntries(otherEnd.map((column) => [column, row[joinedName(column)]]));
  const groups = new Map<number, AffiliationWithEnd[]>(ids.map((id) => [id, []]));
  for (const row of rows) groups.get(row[side])?.push(row);
  return ids.map((id) => groups.get(id) ?? []);
}

export const insertPerson = (db: Kysely<Database>, values: NewPerson) => insertRow<PersonRow>(db, 'person', personColumns, values);

export const updatePerson = (db: Kysely<Database>, id: number, version: number, values: PersonUpdate) =>
  updateVersioned<PersonRow>(db, 'person', personColumns, id, version, values);

/** Deletes a person; their affiliations go with them (foreign key cascade). */
export const deletePerson = (db: Kysely<Database>, id: number) => deleteRow<PersonRow>(db, 'person', personColumns, id);

export async function findAffiliationsByIds(db: Kysely<Database>, ids: readonly number[]): Promise<Array<Affiliation | null>> {
  // affiliations by id: primary-key probes
  const rows = await db.selectFrom('affiliation').selectAll().where('id', '=', anyOf(ids)).execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

/**
 * True when the person already holds this title in this organisation (the table's unique key).
 * Like the key, a null title never collides.
 */
export async function isAffiliationTaken(
  db: Kysely<Database>,
  affiliation: Pick<Affiliation, 'person_id' | 'organisation_id' | 'title'>,
  exceptId?: number,
): Promise<boolean> {
  if (affiliation.title === null) return false;
  let query = db
    .selectFrom('affiliation')
    .select('id')
    .where('person_id', '=', affiliation.person_id)
    .where('organisation_id', '=', affiliation.organisation_id)
    .where('title', '=', affiliation.title);
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertAffiliation(db: Kysely<Database>, values: NewAffiliation): Promise<Affiliation> {
  return db.insertInto('affiliation').values(values).returningAll().executeTakeFirstOrThrow();
}

const affiliationColumns = readColumns(affiliation);

/** Affiliations have no version: small rows, the last writer wins. Null when no row has the id. */
export const updateAffiliation = (db: Kysely<Database>, id: number, values: Updateable<AffiliationTable>) =>
  updateRow<Affiliation>(db, 'affiliation', affiliationColumns, id, values);

export const deleteAffiliation = (db: Kysely<Database>, id: number) =>
  deleteRow<Affiliation>(db, 'affiliation', affiliationColumns, id);
