import { sql, type ExpressionBuilder, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Article, ArticleKind, ArticleStatus, Database } from '../db/types.js';
import { article, readColumns, type RowOf } from '../model/entities.js';
import {
  articleLinkByKind,
  articleLinks,
  type ArticleLink,
  type ArticleLinkFilterKey,
  type ArticleLinkKind,
} from '../model/links.js';
import { dueCondition, visibleCondition, visibleTo, type Audience } from './audience.js';
import { anyOf, applyKeyset, checkCursors, countsByParent, toPage, type KeysetOrder, type KeysetPage, type PageOf, type PageOrRefusal, type SortDirection } from './keyset.js';
import { pickColumns } from './entity-table.js';
import { nestedPages, tableColumns, roleColumn } from './nested-page.js';
import { StatementTemplates } from './statement-templates.js';
import type { SourceRow } from './source.js';

/** What every read of an article returns: its `read` columns (src/model/entities.ts). */
export type ArticleRow = RowOf<typeof article, Article>;

/** The columns reads and writes return, unqualified. */
export const articleFields = readColumns(article);

export const articleColumns = articleFields.map((field) => `article.${field}` as const);

export type ArticleSortField = 'listed_at' | 'updated_at' | 'title';

// An article's source can come in the article's own statement (a left join) rather than in one
// more statement from Article.source's loader: the caller names the source columns it wants.

/** The source columns to read with each article; undefined leaves the source to its loader. */
export type SourceJoin = readonly string[] | undefined;

/** An article row read with its source (null for an expert article) when the read joined it. */
export type ArticleWithSource<Row = ArticleRow> = Row & { source?: Partial<SourceRow> | null };

const joinedName = (column: string) => `source.${column}`;

/** Adds the source's columns, as `source.<column>`, to a query of articles. */
function joiningSource<Query extends SelectQueryBuilder<any, any, any>>(query: Query, source: readonly string[]): Query {
  return query
    .leftJoin('source', 'source.id', 'article.source_id')
    .select(source.map((column) => sql.ref(`source.${column}`).as(joinedName(column)))) as Query;
}

/** Gathers the `source.<column>` values of a joined row into its `source` (they stay where they are too: deleting is slower). */
export function withSource<Row extends Record<string, unknown>>(row: Row, source: SourceJoin): ArticleWithSource<Row> {
  if (!source) return row;
  const joined: Record<string, unknown> = {};
  for (const column of source) joined[column] = row[joinedName(column)];
  return Object.assign(row, { source: joined['id'] === null ? null : (joined as Partial<SourceRow>) });
}

/** An order of the articles `audience` sees: a cursor naming an article it may not see names nothing. */
function articleOrder(field: ArticleSortField, direction: SortDirection, audience: Audience): KeysetOrder {
  return {
    sortColumn: `article.${field}`,
    idColumn: 'article.id',
    direction,
    cursorRow: (id) =>
      sql`(select cursor.${sql.ref(field)}, cursor.id from article as cursor
           where cursor.id = ${id} and ${visibleCondition(audience, 'cursor')})`,
  };
}

/** Newest first: the order of every nested list of articles. */
const newestFirst = (audience: Audience) => articleOrder('listed_at', 'desc', audience);

/** Newest first through a link: on the link's copy of listed_at (migration 0004), which its index orders. */
const newestLinkedFirst = (audience: Audience): KeysetOrder => ({
  ...newestFirst(audience),
  sortColumn: 'link.listed_at',
  idColumn: 'link.article_id',
});

/** An article's status as readers and editors see it: a published one not yet due is scheduled. */
export type ArticleStatusSeen = ArticleStatus | 'scheduled';

export type ArticleFilter = {
  kinds?: ArticleKind[];
  statuses?: ArticleStatusSeen[];
  languages?: string[];
  sourceIds?: number[];
  publishedAfter?: Date;
  publishedBefore?: Date;
} & {
  /** Articles linking any of these ids (src/model/links.ts names the keys). */
  [Key in ArticleLinkFilterKey]?: number[];
};

type ArticleQuery = SelectQueryBuilder<Database, 'article', object>;

/** Articles with this status as seen now: published ones are split by whether they are due. */
function statusCondition(eb: ExpressionBuilder<Database, 'article'>, status: ArticleStatusSeen) {
  if (status === 'draft' || status === 'archived') return eb('article.status', '=', status);
  const due = dueCondition('article');
  return eb.and([eb('article.status', '=', 'published'), status === 'published' ? due : eb.not(due)]);
}


/** The filter without its unset keys and empty lists: an empty list filters nothing. */
function givenFilters(filter: ArticleFilter): ArticleFilter {
  const given = Object.entries(filter).filter(([, value]) => value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0));
  return Object.fromEntries(given) as ArticleFilter;
}

/** Articles the audience may see that pass the filter: the base of every filtered list (and search). */
export function filteredArticles(db: Kysely<Database>, filter: ArticleFilter, audience: Audience): ArticleQuery {
  // Only whether a filter is given decides the statement, never its value: a statement template
  // (findArticles) passes a stand-in for each value.
  const given = givenFilters(filter);
  let query: ArticleQuery = db.selectFrom('article').where(visibleTo(audience));
  if (given.kinds) query = query.where('article.kind', 'in', given.kinds);
  const statuses = given.statuses;
  if (statuses) query = query.where((eb) => eb.or(statuses.map((status) => statusCondition(eb, status))));
  if (given.languages) query = query.where('article.language', 'in', given.languages);
  if (given.sourceIds !== undefined) query = query.where('article.source_id', '=', anyOf(given.sourceIds));
  if (given.publishedAfter !== undefined) query = query.where('article.published_at', '>=', given.publishedAfter);
  if (given.publishedBefore !== undefined) query = query.where('article.published_at', '<', given.publishedBefore);
  // Linked-entity filters: an article matches when it links any of the given ids.
  for (const { articleFilter, table, childColumn: column } of articleLinks) {
    const ids = given[articleFilter];
    if (ids === undefined) continue;
    query = query.where((eb: ExpressionBuilder<any, any>) =>
      eb.exists(
        eb
          .selectFrom(`${table} as link`)
          .select(sql.lit(1).as('one'))
          .whereRef('link.article_id', '=', 'article.id')
          .where(`link.${column}`, '=', anyOf(ids)),
      ),
    );
  }
  return query;
}

/** When the next scheduled article becomes public (after the reading instant); null when none is scheduled. */
export async function findNextScheduledPublication(db: Kysely<Database>): Promise<Date | null> {
  // next scheduled publication: article_listed_idx range scan, first row
  const row = await db
    .selectFrom('article')
    .select('article.listed_at')
    .where('article.status', '=', 'published')
    .where((eb) => eb.not(dueCondition('article')))
    .orderBy('article.listed_at')
    .limit(1)
    .executeTakeFirst();
  return row?.listed_at ?? null;
}

/** False on an empty database: the first start loads the seed then. */
export async function hasAnyArticle(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('article').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export async function findArticlesByIds(
  db: Kysely<Database>,
  ids: readonly number[],
  audience: Audience,
): Promise<Array<ArticleRow | null>> {
  // articles by id: primary-key probes
  const rows = await db
    .selectFrom('article')
    .select(articleColumns)
    .where('article.id', '=', anyOf(ids))
    .where(visibleTo(audience))
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

export async function findArticleBySlug(
  db: Kysely<Database>,
  slug: string,
  audience: Audience,
  source?: SourceJoin,
): Promise<ArticleWithSource | null> {
  const [row] = await bySlugStatements.execute(db, { audience, source }, { slug });
  return row ? withSource(row, source) : null;
}

/** An article by slug (and its source), one statement per audience and source columns. */
const bySlugStatements = new StatementTemplates((db, { audience, source }: { audience: Audience; source: SourceJoin }, stand: { slug: string }) => {
  const query = db.selectFrom('article').select(articleColumns).where('article.slug', '=', stand.slug).where(visibleTo(audience));
  // article by slug (and its source)
  return source ? joiningSource(query, source) : query;
});

/** The article republished from one of these original URLs (spellings of one address), if any. */
export async function findArticleByOriginalUrl(
  db: Kysely<Database>,
  urls: readonly string[],
  audience: Audience,
): Promise<ArticleRow | null> {
  // article by its source URL: article_original_url_idx; the oldest wins if a story was imported twice
  const row = await db
    .selectFrom('article')
    .select(articleColumns)
    .where('article.original_url', 'in', urls)
    .where(visibleTo(audience))
    .orderBy('article.id')
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

export async function findArticles(
  db: Kysely<Database>,
  filter: ArticleFilter,
  sort: { field: ArticleSortField; direction: SortDirection },
  page: KeysetPage,
  audience: Audience,
  wanted?: ReadonlySet<string> | null,
  source?: SourceJoin,
): Promise<PageOf<ArticleWithSource>> {
  const { shape: filterShape, values } = filterTemplate(filter);
  const shape: ArticlePageShape = {
    filter: filterShape,
    sort,
    page: { backward: page.backward, after: page.after !== null, before: page.before !== null },
    audience,
    columns: pickColumns(articleFields, wanted),
    source,
  };
  const bounds = { size: page.size, ...(page.after === null ? {} : { after: page.after }), ...(page.before === null ? {} : { before: page.before }) };
  const rows = await articlePageStatements.execute(db, shape, { ...values, ...bounds });
  if (rows.length === 0) await checkCursors(db, articleOrder(sort.field, sort.direction, audience), page);
  const found = toPage(rows, page);
  return { ...found, rows: found.rows.map((row) => withSource(row, source)) };
}

/** What a page of `findArticles` is, values aside: the key of its statement. */
interface ArticlePageShape {
  filter: FilterShape;
  sort: { field: ArticleSortField; direction: SortDirection };
  page: { backward: boolean; after: boolean; before: boolean };
  audience: Audience;
  columns: readonly string[];
  source: SourceJoin;
}

/**
 * The filters given, values aside. An `in` list (kinds, languages) has a parameter per item: its
 * count. Each status is a condition of its own: the statuses themselves. Any other filter is one
 * bound value (an id list is one array): null.
 */
type FilterShape = { [Key in keyof ArticleFilter]?: Key extends 'statuses' ? ArticleStatusSeen[] : number | null };

/** Filters written `in (...)` by filteredArticles: their statement has a parameter per value. */
const listedOneByOne = new Set<keyof ArticleFilter>(['kinds', 'languages']);

/** The filter as a shape and its values: an `in` list's items are values `<key>.<index>`. */
function filterTemplate(filter: ArticleFilter): { shape: FilterShape; values: Record<string, unknown> } {
  const shape: FilterShape = {};
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(givenFilters(filter)) as Array<[keyof ArticleFilter, unknown]>) {
    if (key === 'statuses') {
      shape.statuses = value as ArticleStatusSeen[];
    } else if (listedOneByOne.has(key) && Array.isArray(value)) {
      shape[key] = value.length;
      value.forEach((item, index) => (values[`${key}.${index}`] = item));
    } else {
      shape[key] = null;
      values[key] = value;
    }
  }
  return { shape, values };
}

/** The filter `filterTemplate` took apart, its values taken from `values`. */
function filterFrom(shape: FilterShape, values: Record<string, unknown>): ArticleFilter {
  const entries = Object.entries(shape).map(([key, count]) => [
    key,
    key === 'statuses' ? count : count === null ? values[key] : Array.from({ length: count as number }, (_, index) => values[`${key}.${index}`]),
  ]);
  return Object.fromEntries(entries) as ArticleFilter;
}

/** A page of articles, one statement per shape. */
const articlePageStatements = new StatementTemplates((db, shape: ArticlePageShape, stand: Record<string, unknown>) => {
  // a page of articles (and their sources): index range scan on (status, sort column, id)
  const query = filteredArticles(db, filterFrom(shape.filter, stand), shape.audience).select(
    shape.columns.map((field) => db.dynamic.ref(`article.${field}`)),
  );
  const page: KeysetPage = {
    size: stand['size'] as number,
    backward: shape.page.backward,
    after: shape.page.after ? (stand['after'] as number) : null,
    before: shape.page.before ? (stand['before'] as number) : null,
  };
  const order = articleOrder(shape.sort.field, shape.sort.direction, shape.audience);
  return applyKeyset(shape.source ? joiningSource(query, shape.source) : query, order, page) as SelectQueryBuilder<Database, 'article', ArticleWithSource>;
});

export async function countArticles(db: Kysely<Database>, filter: ArticleFilter, audience: Audience): Promise<number> {
  const { count } = await filteredArticles(db, filter, audience)
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** The entities an article list can hang from: its source (article.source_id), or what it links. */
export type ArticleParent = 'source' | ArticleLinkKind;

/** How articles hang from a parent: null for the source, whose id the article row holds. */
const parentLinks: Record<ArticleParent, ArticleLink | null> = { source: null, ...articleLinkByKind };

export type LinkedArticleRow = ArticleWithSource & {
  role: NonNullable<ArticleLink['roles']>[number] | null;
};

interface ArticlePagesShape {
  parent: ArticleParent;
  audience: Audience;
  columns: readonly string[];
  source: SourceJoin;
}

/** What a list of articles hanging from an entity is; its shape is the statement's key. */
const articlePages = nestedPages<ArticlePagesShape, LinkedArticleRow>((shape) => ({
  parentTable: shape.parent,
  children: articlesOf(shape),
  columns: [
    ...tableColumns('article', shape.columns),
    ...tableColumns('source', shape.source ?? []).map((column) => ({ ...column, name: joinedName(column.name) })),
    roleColumn(parentLinks[shape.parent]),
  ],
  order: parentLinks[shape.parent] ? newestLinkedFirst(shape.audience) : newestFirst(shape.audience),
}));

function articlesOf({ parent, audience, columns, source }: ArticlePagesShape) {
  return (db: Kysely<Database>) => {
    const selected = db.selectFrom('article').select(columns.map((field) => db.dynamic.ref(`article.${field}`))).where(visibleTo(audience));
    const base = source ? joiningSource(selected, source) : selected;
    const link = parentLinks[parent];
    if (!link) return base.select(sql.lit(null).as('role')).where(sql<boolean>`article.source_id = parent.id`);
    return base
      .innerJoin(sql`${sql.table(link.table)}`.as('link'), (join) => join.on(sql<boolean>`link.article_id = article.id`))
      .select(link.roles ? sql.ref('link.role').as('role') : sql.lit(null).as('role'))
      .where(sql<boolean>`${sql.ref(`link.${link.childColumn}`)} = parent.id`);
  };
}

/** A page of articles for each parent (a source's articles, a person's...), newest first. */
export async function findArticlePagesByParentIds(
  db: Kysely<Database>,
  parent: ArticleParent,
  parentIds: readonly number[],
  page: KeysetPage,
  audience: Audience,
  wanted?: ReadonlySet<string> | null,
  source?: SourceJoin,
): Promise<Map<number, PageOrRefusal<LinkedArticleRow>>> {
  const pages = await articlePages(db, { parent, audience, columns: pickColumns(articleFields, wanted), source }, parentIds, page);
  if (source) for (const page of pages.values()) if ('rows' in page) page.rows.forEach((row) => withSource(row, source));
  return pages;
}

export async function countArticlesByParentIds(
  db: Kysely<Database>,
  parent: ArticleParent,
  parentIds: readonly number[],
  audience: Audience,
): Promise<Map<number, number>> {
  const link = parentLinks[parent];
  const parentColumn = sql.ref(link ? `link.${link.childColumn}` : 'article.source_id');
  const linked = link ? sql`join ${sql.table(link.table)} as link on link.article_id = article.id` : sql``;
  // article counts per parent
  const { rows } = await sql<{ parent_id: number; count: string }>`
    select ${parentColumn} as parent_id, count(*) as count
    from article ${linked}
    where ${visibleCondition(audience, 'article')} and ${parentColumn} = ${anyOf(parentIds)}
    group by ${parentColumn}`.execute(db);
  return countsByParent(parentIds, rows);
}

export type { ArticleLinkKind };

/** Links (or re-links with a new role) an entity to an article; without a position, it goes last. */
export async function linkToArticle(
  db: Kysely<Database>,
  kind: ArticleLinkKind,
  articleId: number,
  entityId: number,
  role: string | null,
  position: number | null,
): Promise<void> {
  const { table, childColumn: column } = articleLinkByKind[kind];
  const nextPosition = sql<number>`(select coalesce(max(position) + 1, 0) from ${sql.table(table)} where article_id = ${articleId})`;
  const changes = [...(role !== null ? [sql`role = ${role}`] : []), ...(position !== null ? [sql`position = ${position}`] : [])];
  // link upsert: a second link of the same entity changes its role (and position if given)
  await sql`
    insert into ${sql.table(table)} (article_id, ${sql.ref(column)}, position${role !== null ? sql`, role` : sql``})
    values (${articleId}, ${entityId}, ${position ?? nextPosition}${role !== null ? sql`, ${role}` : sql``})
    on conflict (article_id, ${sql.ref(column)}) do ${changes.length > 0 ? sql`update set ${sql.join(changes)}` : sql`nothing`}`.execute(db);
}

/** Removes a link; false when there was none. */
export async function unlinkFromArticle(
  db: Kysely<Database>,
  kind: ArticleLinkKind,
  articleId: number,
  entityId: number,
): Promise<boolean> {
  const { table, childColumn: column } = articleLinkByKind[kind];
  const result = await db
    .deleteFrom(table)
    .where('article_id', '=', articleId)
    .where(db.dynamic.ref(column), '=', entityId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Replaces the editor's pinned related articles with these, in this order. */
export async function replaceRelatedPins(db: Kysely<Database>, articleId: number, relatedIds: readonly number[]): Promise<void> {
  await db.deleteFrom('article_related').where('article_id', '=', articleId).execute();
  if (relatedIds.length === 0) return;
  await db
    .insertInto('article_related')
    .values(relatedIds.map((relatedId, position) => ({ article_id: articleId, related_article_id: relatedId, position })))
    .execute();
}

/** How many articles link each entity: a hard delete is refused while any do. */
export async function countArticleLinks(db: Kysely<Database>, kind: ArticleLinkKind | 'source', entityId: number) {
  const { table, column } =
    kind === 'source'
      ? { table: 'article' as const, column: 'source_id' }
      : { table: articleLinkByKind[kind].table, column: articleLinkByKind[kind].childColumn };
  const { count } = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('count'))
    .where(db.dynamic.ref(column), '=', entityId)
    .executeTakeFirstOrThrow();
  return Number(count);
}
