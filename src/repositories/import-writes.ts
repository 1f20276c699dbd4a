import { sql, type Expression, type Insertable, type Kysely, type SqlBool } from 'kysely';
import type { Database, NewAffiliation } from '../db/types.js';
import { entities, readColumns, type TableWith } from '../model/entities.js';
import { links, type Link as ModelLink } from '../model/links.js';
import type { VersionedTable } from './entity-table.js';

// Every statement the importer writes with. Each function takes the record's transaction first.
// Writes are idempotent: a row or link is touched only when a value really differs, so importing
// the same file twice changes nothing (no updated_at, no version bump).

export type Outcome = 'inserted' | 'updated' | 'unchanged';
export interface Written {
  id: number;
  outcome: Outcome;
}

export type SlugTable = TableWith<'slug'>;
type Column<T extends SlugTable> = Exclude<keyof Database[T] & string, 'id' | 'slug'>;
type ColumnValues<T extends SlugTable> = Partial<Record<Column<T>, Expression<unknown>>>;

interface UpsertPlan<T extends SlugTable> {
  /** Columns the file owns: compared with the stored row, and written when one of them differs. */
  compared: readonly Column<T>[];
  /** What an update writes instead of the file's value (`excluded.<column>`). */
  updateWith?: ColumnValues<T>;
  /** Written only along with a real change, never compared (updated_at, version). */
  onChange: ColumnValues<T>;
}

const excluded = (column: string) => sql.ref(`excluded.${column}`);

/** What a real change writes besides the new values: the next version, and when it happened. */
function nextVersion(table: VersionedTable, updatedAt: string | null = null) {
  return {
    version: sql`${sql.ref(`${table}.version`)} + 1`,
    updated_at: sql`coalesce(${updatedAt}::timestamptz, now())`,
  };
}

/** `set column = proposed(column), …` for the update branch of an upsert. */
function assignments(columns: readonly string[], proposed: (column: string) => Expression<unknown>) {
  return Object.fromEntries(columns.map((column) => [column, proposed(column)]));
}

/** `a = value, b = value`: a set clause over columns named at run time. */
function setClause(values: Record<string, Expression<unknown>>) {
  return sql.join(Object.entries(values).map(([column, value]) => sql`${sql.ref(column)} = ${value}`));
}

/**
 * `insert into table (columns) values (…), (…)`, columns named at run time: these writes serve
 * six tables, which Kysely's builder types cannot follow through a table-name parameter. An
 * undefined value takes the column's default, as Kysely's own insert does.
 */
function insertRows(table: string, rows: ReadonlyArray<Record<string, unknown>>) {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row).filter((column) => row[column] !== undefined)))];
  const values = rows.map(
    (row) => sql`(${sql.join(columns.map((column) => (row[column] === undefined ? sql`default` : sql`${row[column]}`)))})`,
  );
  return sql`insert into ${sql.table(table)} (${sql.join(columns.map((column) => sql.ref(column)))}) values ${sql.join(values)}`;
}

/** `(table.a, table.b) is distinct from (proposed a, proposed b)`: lets an upsert leave equal rows alone. */
function differs(table: string, columns: readonly string[], proposed: (column: string) => Expression<unknown>) {
  const stored = sql.join(columns.map((column) => sql.ref(`${table}.${column}`)));
  return sql<SqlBool>`(${stored}) is distinct from (${sql.join(columns.map(proposed))})`;
}

/** What the database or the importer itself sets: never compared with a file's values. */
const bookkeeping = new Set(['id', 'slug', 'version', 'is_demo', 'updated_at']);

/**
 * The columns an import file owns in a table: the entity's `read` columns (src/model/entities.ts)
 * but the bookkeeping ones. Derived, so that a column added to the model is imported as well.
 */
function fileColumns<T extends SlugTable>(table: T): readonly Column<T>[] {
  const entity = Object.values(entities).find((described) => described.table === table)!;
  return readColumns(entity).filter((column) => !bookkeeping.has(column)) as unknown as Column<T>[];
}

async function upsertBySlug<T extends SlugTable>(
  db: Kysely<Database>,
  table: T,
  row: Insertable<Database[T]> & { slug: string },
  plan: UpsertPlan<T>,
): Promise<Written> {
  const proposed = (column: string) => plan.updateWith?.[column as Column<T>] ?? excluded(column);

  // Upsert by slug: the update branch runs only when a compared column differs; `xmax = 0`
  // holds for a freshly inserted row and tells it from an updated one.
  const changes = setClause({ ...assignments(plan.compared, proposed), ...plan.onChange } as Record<string, Expression<unknown>>);
  const {
    rows: [written],
  } = await sql<{ id: number; inserted: boolean }>`
    ${insertRows(table, [row])}
    on conflict (slug) do update set ${changes} where ${differs(table, plan.compared, proposed)}
    returning id, xmax = 0 as inserted`.execute(db);
  if (written) return { id: written.id, outcome: written.inserted ? 'inserted' : 'updated' };

  // Nothing differed: the row exists as it is; fetch its id for the links.
  const existing = await db
    .selectFrom(table as SlugTable)
    .select('id')
    .where('slug', '=', row.slug)
    .executeTakeFirstOrThrow();
  return { id: existing.id, outcome: 'unchanged' };
}

export function upsertSource(db: Kysely<Database>, row: Insertable<Database['source']>): Promise<Written> {
  return upsertBySlug(db, 'source', row, {
    compared: fileColumns('source'),
    onChange: nextVersion('source'),
  });
}

export function upsertOrganisation(db: Kysely<Database>, row: Insertable<Database['organisation']>): Promise<Written> {
  return upsertBySlug(db, 'organisation', row, {
    compared: fileColumns('organisation'),
    onChange: nextVersion('organisation'),
  });
}

export function upsertPerson(db: Kysely<Database>, row: Insertable<Database['person']>): Promise<Written> {
  return upsertBySlug(db, 'person', row, { compared: fileColumns('person'), onChange: nextVersion('person') });
}

export function upsertProject(db: Kysely<Database>, row: Insertable<Database['project']>): Promise<Written> {
  return upsertBySlug(db, 'project', row, {
    compared: fileColumns('project'),
    onChange: nextVersion('project'),
  });
}

/** A topic named by an import file: its name is the file's. */
export function upsertTopic(db: Kysely<Database>, row: Insertable<Database['topic']>): Promise<Written> {
  return upsertBySlug(db, 'topic', row, { compared: fileColumns('topic'), onChange: {} });
}

/** A topic only mentioned by an article: created if missing, an existing name is kept. */
export async function insertTopicIfMissing(db: Kysely<Database>, slug: string, name: string): Promise<Written> {
  // Insert topic unless its slug exists.
  const inserted = await db
    .insertInto('topic')
    .values({ slug, name })
    .onConflict((conflict) => conflict.column('slug').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, outcome: 'inserted' };
  const existing = await db.selectFrom('topic').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  return { id: existing.id, outcome: 'unchanged' };
}

export interface ArticleDates {
  /** The file's publishedAt, when it gives one: otherwise a stored date is kept. */
  publishedAt: string | null;
  /** The file's updatedAt: the updated_at of a real change, else the time of the import. */
  updatedAt: string | null;
}

export function upsertArticle(
  db: Kysely<Database>,
  row: Insertable<Database['article']>,
  dates: ArticleDates,
): Promise<Written> {
  return upsertBySlug(db, 'article', row, {
    compared: fileColumns('article'),
    updateWith: {
      published_at: sql`coalesce(${dates.publishedAt}::timestamptz, article.published_at, excluded.published_at)`,
    },
    onChange: nextVersion('article', dates.updatedAt),
  });
}

/** An image: its file's description replaces the stored one. */
export function upsertImage(db: Kysely<Database>, row: Insertable<Database['image']>): Promise<Written> {
  return upsertBySlug(db, 'image', row, { compared: fileColumns('image'), onChange: nextVersion('image') });
}

/** Records that a row changed through its links only: a new version, as for a change of its columns. */
export async function bumpVersion(
  db: Kysely<Database>,
  table: VersionedTable,
  id: number,
  updatedAt: string | null = null,
): Promise<void> {
  // Bump the row's version.
  await sql`update ${sql.table(table)} set ${setClause(nextVersion(table, updatedAt))} where id = ${id}`.execute(db);
}

/** Ids of the slugs found in a table; a missing slug is absent from the map. */
export async function findIdsBySlugs(
  db: Kysely<Database>,
  table: SlugTable,
  slugs: readonly string[],
): Promise<Map<string, number>> {
  if (slugs.length === 0) return new Map();
  const rows: Array<{ id: number; slug: string }> = await db
    .selectFrom(table)
    .select(['id', 'slug'])
    .where('slug', 'in', [...new Set(slugs)])
    .execute();
  return new Map(rows.map((row) => [row.slug, row.id]));
}

export type LinkTable = ModelLink['table'] | 'article_related';

/** How the importer writes each link table: the model's links, and the editor's pins (article to article). */
const linkTables = {
  ...Object.fromEntries(
    links.map((link) => [link.table, { owner: link.parentColumn, target: link.childColumn, hasRole: link.roles !== null, captioned: link.captioned }]),
  ),
  article_related: { owner: 'article_id', target: 'related_article_id', hasRole: false, captioned: false },
} as Record<LinkTable, { owner: string; target: string; hasRole: boolean; captioned: boolean }>;
export interface Link {
  targetId: number;
  role?: string;
  /** The caption of this use, for captioned links (a gallery's images). */
  caption?: string | null;
}

/** Makes an owner's links exactly `links`, positioned in list order; returns how many link rows changed. */
export async function replaceLinks(
  db: Kysely<Database>,
  table: LinkTable,
  ownerId: number,
  links: readonly Link[],
): Promise<number> {
  const { owner, target, hasRole, captioned } = linkTables[table];

  // Drop the owner's links that the list no longer holds.
  let dropStale = db.deleteFrom(table).where(db.dynamic.ref(owner), '=', ownerId);
  if (links.length > 0)
    dropStale = dropStale.where(
      db.dynamic.ref(target),
      'not in',
      links.map((link) => link.targetId),
    );
  const dropped = Number((await dropStale.executeTakeFirst()).numDeletedRows);
  if (links.length === 0) return dropped;

  // Add the new links and re-role or move the others, touching only rows that differ.
  const compared = [...(hasRole ? ['role'] : []), 'position', ...(captioned ? ['caption'] : [])];
  const rows = links.map((link, position) => ({
    [owner]: ownerId,
    [target]: link.targetId,
    position,
    ...(hasRole ? { role: link.role } : {}),
    ...(captioned ? { caption: link.caption ?? null } : {}),
  }));
  const { rows: upserted } = await sql`
    ${insertRows(table, rows)}
    on conflict (${sql.ref(owner)}, ${sql.ref(target)})
    do update set ${setClause(assignments(compared, excluded))} where ${differs(table, compared, excluded)}
    returning ${sql.ref(owner)}`.execute(db);
  return dropped + upserted.length;
}

type AffiliationFields = Omit<NewAffiliation, 'id' | 'person_id'>;

/** Makes a person's affiliations exactly `affiliations`; returns how many rows changed. */
export async function replaceAffiliations(
  db: Kysely<Database>,
  personId: number,
  affiliations: readonly AffiliationFields[],
): Promise<number> {
  // Diffed in code: a null title never conflicts on the (person, organisation, title) unique key,
  // so an upsert would duplicate untitled affiliations.
  const keyOf = (affiliation: AffiliationFields) =>
    JSON.stringify([affiliation.organisation_id, affiliation.title ?? null]);
  const stored = await db.selectFrom('affiliation').selectAll().where('person_id', '=', personId).execute();
  const storedByKey = new Map(stored.map((affiliation) => [keyOf(affiliation), affiliation]));
  const wantedKeys = new Set(affiliations.map(keyOf));

  const stale = stored.filter((affiliation) => !wantedKeys.has(keyOf(affiliation)));
  if (stale.length > 0) {
    await db
      .deleteFrom('affiliation')
      .where(
        'id',
        'in',
        stale.map((affiliation) => affiliation.id),
      )
      .execute();
  }

  const added = affiliations.filter((affiliation) => !storedByKey.has(keyOf(affiliation)));
  if (added.length > 0) {
    await db
      .insertInto('affiliation')
      .values(added.map((affiliation) => ({ ...affiliation, person_id: personId })))
      .execute();
  }

  let redated = 0;
  for (const affiliation of affiliations) {
    const current = storedByKey.get(keyOf(affiliation));
    const startedOn = affiliation.started_on ?? null;
    const endedOn = affiliation.ended_on ?? null;
    if (!current || (current.started_on === startedOn && current.ended_on === endedOn)) continue;
    await db
      .updateTable('affiliation')
      .set({ started_on: startedOn, ended_on: endedOn })
      .where('id', '=', current.id)
      .execute();
    redated += 1;
  }
  return stale.length + added.length + redated;
}
