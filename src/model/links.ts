import type {
  ArticleOrganisationRole,
  ArticlePersonRole,
  ArticleProjectRole,
  Database,
  ProjectOrganisationRole,
} from '../db/types.js';
import type { EntityName } from './entities.js';
import { entities } from './entities.js';

// What each link between entities is, written once: its table and columns, its roles, its order,
// the GraphQL fields that list it, and which features use it (article filters, related scoring,
// the entities an article names, the importer). Repositories, the schema's column selection and
// the importer derive from here: adding a link to Article is one entry.

/** The tables of the links between entities. */
export type LinkTableName =
  | 'article_person'
  | 'article_organisation'
  | 'article_project'
  | 'article_topic'
  | 'project_organisation'
  | 'article_image'
  | 'project_image';

export interface LinkDescriptor<Table extends LinkTableName> {
  table: Table;
  /** The side that lists the link (an article lists its people). */
  parent: EntityName;
  parentColumn: keyof Database[Table] & string;
  child: EntityName;
  childColumn: keyof Database[Table] & string;
  /** The roles a link can have, or null when links have none. */
  roles: Database[Table] extends { role: infer Role } ? readonly Role[] : null;
  /** Links are listed by their editorial position, then by the child's id. */
  order: 'position';
  /** The GraphQL field listing the children on the parent type ("people" on Article). */
  parentField: string;
  /** The GraphQL field listing the parents on the child type ("articles" on Person); null when it lists none. */
  childField: string | null;
  /** Whether each link has a caption of its own (an image in a gallery), read as the edge's `caption`. */
  captioned: Database[Table] extends { caption: string | null } ? true : false;
  /** Article links only: the ArticleFilter key that narrows articles to those linking an id. */
  articleFilter: string | null;
  /**
   * Article links only: what a shared child weighs in related scoring (repositories/related.ts),
   * before its rarity: `weight` for the kind, times the factor of its role in each of the two
   * articles.
   */
  related: RelatedWeights<Database[Table] extends { role: infer Role extends string } ? Role : never> | null;
  /** The field of an import file's record that lists these links, and its slug key (null: a list of slugs). */
  importer: { field: string; slugKey: string | null };
}

export interface RelatedWeights<Role extends string> {
  weight: number;
  /** The factor of each role; null for links without roles (they count fully). */
  roles: [Role] extends [never] ? null : Readonly<Record<Role, number>>;
}

// Role factors, chosen on the judged set (npm run related:eval): what an article is about counts;
// who wrote it says little about its subject (the site's experts write on everything).
const personRoleFactors = { subject: 1, quoted: 0.5, mentioned: 0.25, author: 0.1 } as const;

const articlePersonRoles = ['author', 'subject', 'quoted', 'mentioned'] as const satisfies readonly ArticlePersonRole[];

export const articleProject = {
  table: 'article_project',
  parent: 'article',
  parentColumn: 'article_id',
  child: 'project',
  childColumn: 'project_id',
  roles: ['subject', 'mentioned'] as const satisfies readonly ArticleProjectRole[],
  order: 'position',
  captioned: false,
  parentField: 'projects',
  childField: 'articles',
  articleFilter: 'projectIds',
  related: { weight: 3, roles: { subject: 1, mentioned: 0.25 } },
  importer: { field: 'projects', slugKey: 'project' },
} as const satisfies LinkDescriptor<'article_project'>;

export const articlePerson = {
  table: 'article_person',
  parent: 'article',
  parentColumn: 'article_id',
  child: 'person',
  childColumn: 'person_id',
  roles: articlePersonRoles,
  order: 'position',
  captioned: false,
  parentField: 'people',
  childField: 'articles',
  articleFilter: 'personIds',
  related: { weight: 1, roles: personRoleFactors },
  importer: { field: 'people', slugKey: 'person' },
} as const satisfies LinkDescriptor<'article_person'>;

export const articleOrganisation = {
  table: 'article_organisation',
  parent: 'article',
  parentColumn: 'article_id',
  child: 'organisation',
  childColumn: 'organisation_id',
  roles: articlePersonRoles satisfies readonly ArticleOrganisationRole[],
  order: 'position',
  captioned: false,
  parentField: 'organisations',
  childField: 'articles',
  articleFilter: 'organisationIds',
  // Institutions (the local authority, the site's owner, a school) run through stories on every
  // subject: an organisation says less than a person.
  related: { weight: 0.7, roles: personRoleFactors },
  importer: { field: 'organisations', slugKey: 'organisation' },
} as const satisfies LinkDescriptor<'article_organisation'>;

export const articleTopic = {
  table: 'article_topic',
  parent: 'article',
  parentColumn: 'article_id',
  child: 'topic',
  childColumn: 'topic_id',
  roles: null,
  order: 'position',
  captioned: false,
  parentField: 'topics',
  childField: 'articles',
  articleFilter: 'topicIds',
  // Topics say what an article is about, as projects do; rarity tells a broad one apart. (Their
  // order does not: the seed story lists "Intelligence artificielle" before "Centres de données".)
  related: { weight: 2, roles: null },
  importer: { field: 'topics', slugKey: null },
} as const satisfies LinkDescriptor<'article_topic'>;

export const projectOrganisation = {
  table: 'project_organisation',
  parent: 'project',
  parentColumn: 'project_id',
  child: 'organisation',
  childColumn: 'organisation_id',
  roles: ['owner', 'investor', 'partner', 'client', 'host'] as const satisfies readonly ProjectOrganisationRole[],
  order: 'position',
  captioned: false,
  parentField: 'organisations',
  childField: 'projects',
  articleFilter: null,
  related: null,
  importer: { field: 'organisations', slugKey: 'organisation' },
} as const satisfies LinkDescriptor<'project_organisation'>;

// Pictures in order, each use with its own caption: they say nothing of what an article is about.
export const articleImage = {
  table: 'article_image',
  parent: 'article',
  parentColumn: 'article_id',
  child: 'image',
  childColumn: 'image_id',
  roles: null,
  order: 'position',
  captioned: true,
  parentField: 'images',
  childField: null,
  articleFilter: null,
  related: null,
  importer: { field: 'images', slugKey: 'image' },
} as const satisfies LinkDescriptor<'article_image'>;

export const projectImage = {
  ...articleImage,
  table: 'project_image',
  parent: 'project',
  parentColumn: 'project_id',
} as const satisfies LinkDescriptor<'project_image'>;

/**
 * What an article links, in the order an article's entities are named (JSON-LD) and compared
 * (related scoring).
 */
export const articleLinks = [articleProject, articlePerson, articleOrganisation, articleTopic] as const;

export const links = [...articleLinks, projectOrganisation, articleImage, projectImage] as const;

export type ArticleLink = (typeof articleLinks)[number];

/** A link as one side reads it: `parent` is the side whose rows list the other side's. */
export interface LinkSide {
  table: LinkTableName;
  parent: EntityName;
  parentColumn: string;
  child: EntityName;
  childColumn: string;
  roles: readonly string[] | null;
  order: 'position';
  captioned: boolean;
}

export type Link = (typeof links)[number];

/** The same link read from its child's side (an organisation's projects). */
export function reversedLink(link: Link): LinkSide {
  return { ...link, parent: link.child, parentColumn: link.childColumn, child: link.parent, childColumn: link.parentColumn };
}

/** The kinds of entity an article links: what a link mutation names. */
export type ArticleLinkKind = ArticleLink['child'];

/** The ArticleFilter keys of linked entities: `personIds`... */
export type ArticleLinkFilterKey = ArticleLink['articleFilter'];

/** The article link to each kind of entity. */
export const articleLinkByKind = Object.fromEntries(articleLinks.map((link) => [link.child, link])) as {
  [Kind in ArticleLinkKind]: Extract<ArticleLink, { child: Kind }>;
};

/** The kinds an article links, by GraphQL type name: which global ids a link mutation accepts. */
export const articleLinkKindsByGraphqlType = Object.fromEntries(
  articleLinks.map((link) => [entities[link.child].graphqlType, link.child]),
) as Readonly<Record<string, ArticleLinkKind>>;
