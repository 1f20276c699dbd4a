import type {
  AffiliationTable,
  ArticleTable,
  Database,
  ImageTable,
  OrganisationTable,
  PersonTable,
  ProjectTable,
  SourceTable,
  TopicTable,
} from '../db/types.js';

// What each entity is, written once: its table, what the API does with each column, and which
// GraphQL fields read which columns. Repositories, the schema's column selection and search
// derive their lists from here, so a column added to a table type does not compile until it is
// described here, and a field cannot name a column its table lacks.

/** `read`: reads and writes return it (the API shows it); `internal`: it never leaves the database. */
export type ColumnUse = 'read' | 'internal';

export interface EntityDescriptor<Table> {
  table: keyof Database;
  /** The GraphQL object type its rows become. */
  graphqlType: string;
  /** Every column of the table, in table order: `satisfies` makes the list exhaustive. */
  columns: Record<keyof Table & string, ColumnUse>;
  /**
   * Fields that are not a plain exposed column, with the columns their resolvers read (selected
   * columns); the lists of links (Article.people, Person.articles...) come from links.ts.
   */
  computedFields: Record<string, ReadonlyArray<keyof Table & string>>;
  /** The column people call it by (search, related by name, JSON-LD); null when it has none. */
  nameColumn: (keyof Table & string) | null;
  /** Its web address, named in an article's JSON-LD; null when it has none. */
  websiteColumn: (keyof Table & string) | null;
  /** Found by name in search (its stored name_key and name_vector, indexed: migration 0012). */
  searchable: boolean;
}

export const article = {
  table: 'article',
  graphqlType: 'Article',
  columns: {
    id: 'read', slug: 'read', kind: 'read', title: 'read', lead: 'read', body: 'read', language: 'read', status: 'read',
    published_at: 'read', created_at: 'internal', updated_at: 'read', listed_at: 'internal', source_id: 'read',
    original_url: 'read', search_vector: 'internal', search_head: 'internal', version: 'read', is_demo: 'read',
    lead_image_id: 'read',
  },
  computedFields: { source: ['source_id'], related: [], status: ['status', 'published_at'], leadImage: ['lead_image_id'] },
  nameColumn: 'title',
  websiteColumn: null,
  searchable: true,
} as const satisfies EntityDescriptor<ArticleTable>;

export const person = {
  table: 'person',
  graphqlType: 'Person',
  columns: {
    id: 'read', slug: 'read', full_name: 'read', description: 'read', is_demo: 'read', created_at: 'internal',
    updated_at: 'internal', version: 'read', portrait_id: 'read', name_vector: 'internal', name_key: 'internal',
  },
  computedFields: { affiliations: [], portrait: ['portrait_id'] },
  nameColumn: 'full_name',
  websiteColumn: null,
  searchable: true,
} as const satisfies EntityDescriptor<PersonTable>;

export const organisation = {
  table: 'organisation',
  graphqlType: 'Organisation',
  columns: {
    id: 'read', slug: 'read', name: 'read', kind: 'read', website_url: 'read', description: 'read', country: 'read',
    is_demo: 'read', created_at: 'internal', updated_at: 'internal', version: 'read', logo_id: 'read', name_vector: 'internal', name_key: 'internal',
  },
  computedFields: { affiliations: [], logo: ['logo_id'] },
  nameColumn: 'name',
  websiteColumn: 'website_url',
  searchable: true,
} as const satisfies EntityDescriptor<OrganisationTable>;

export const project = {
  table: 'project',
  graphqlType: 'Project',
  columns: {
    id: 'read', slug: 'read', name: 'read', summary: 'read', status: 'read', budget_amount: 'read', budget_currency: 'read',
    location_name: 'read', location_country: 'read', started_on: 'read', ended_on: 'read', showcase: 'read',
    is_demo: 'read', created_at: 'internal', updated_at: 'internal', version: 'read', name_vector: 'internal', name_key: 'internal',
  },
  computedFields: {
    budget: ['budget_amount', 'budget_currency'],
    location: ['location_name', 'location_country'],
  },
  nameColumn: 'name',
  websiteColumn: null,
  searchable: true,
} as const satisfies EntityDescriptor<ProjectTable>;

export const source = {
  table: 'source',
  graphqlType: 'Source',
  columns: {
    id: 'read', slug: 'read', name: 'read', kind: 'read', homepage_url: 'read', feed_url: 'read', country: 'read',
    language: 'read', is_demo: 'read', created_at: 'internal', updated_at: 'internal', version: 'read', logo_id: 'read',
    name_vector: 'internal', name_key: 'internal',
  },
  computedFields: { articles: [], logo: ['logo_id'] },
  nameColumn: 'name',
  websiteColumn: 'homepage_url',
  searchable: true,
} as const satisfies EntityDescriptor<SourceTable>;

export const topic = {
  table: 'topic',
  graphqlType: 'Topic',
  columns: { id: 'read', slug: 'read', name: 'read', created_at: 'internal' },
  computedFields: {},
  nameColumn: 'name',
  websiteColumn: null,
  searchable: false,
} as const satisfies EntityDescriptor<TopicTable>;

export const affiliation = {
  table: 'affiliation',
  graphqlType: 'Affiliation',
  columns: { id: 'read', person_id: 'read', organisation_id: 'read', title: 'read', started_on: 'read', ended_on: 'read' },
  computedFields: {},
  nameColumn: null,
  websiteColumn: null,
  searchable: false,
} as const satisfies EntityDescriptor<AffiliationTable>;

export const image = {
  table: 'image',
  graphqlType: 'Image',
  columns: {
    id: 'read', slug: 'read', source_url: 'read', width: 'read', height: 'read', mime_type: 'read', alt_text: 'read',
    caption: 'read', credit: 'read', licence: 'read', focal_x: 'read', focal_y: 'read', is_demo: 'read',
    created_at: 'internal', updated_at: 'internal', version: 'read',
  },
  computedFields: {
    url: ['source_url', 'focal_x', 'focal_y'],
    srcset: ['source_url', 'width', 'focal_x', 'focal_y'],
    focalPoint: ['focal_x', 'focal_y'],
  },
  nameColumn: null,
  websiteColumn: null,
  searchable: false,
} as const satisfies EntityDescriptor<ImageTable>;

/** Every entity, in the order search ranks equal scores (articles first). */
export const entities = { article, person, organisation, project, source, topic, affiliation, image } as const;

export type EntityName = keyof typeof entities;

type Entities = typeof entities;

/** The table of every entity. */
export type EntityTableName = Entities[EntityName]['table'];

/** The tables of the entities that have a column: `TableWith<'slug'>` (found by slug), `TableWith<'version'>`. */
export type TableWith<Column extends string> = {
  [Name in EntityName]: Column extends keyof Entities[Name]['columns'] ? Entities[Name]['table'] : never;
}[EntityName];

/** The tables of the entities that lack a column: `TableWithout<'version'>`. */
export type TableWithout<Column extends string> = Exclude<EntityTableName, TableWith<Column>>;

/** Whether an entity's table has a column (topics have no is_demo flag). */
export function tableHasColumn(table: EntityTableName, column: string): boolean {
  return Object.values(entities).some((entity) => entity.table === table && column in entity.columns);
}

type AnyEntity = { columns: Record<string, ColumnUse> };

/** The columns of an entity that reads and writes return. */
export type ReadColumn<Entity extends AnyEntity> = {
  [Column in keyof Entity['columns']]: Entity['columns'][Column] extends 'read' ? Column : never;
}[keyof Entity['columns']] &
  string;

/** An entity's row as reads and writes return it: its `read` columns. */
export type RowOf<Entity extends AnyEntity, Selected> = Pick<Selected, ReadColumn<Entity> & keyof Selected>;

/** The `read` columns of an entity, in table order. */
export function readColumns<Entity extends AnyEntity>(entity: Entity): ReadonlyArray<ReadColumn<Entity>> {
  return Object.entries(entity.columns)
    .filter(([, use]) => use === 'read')
    .map(([column]) => column as ReadColumn<Entity>);
}
