import type { Context } from '../context.js';
import { orNotFound } from '../errors.js';
import { findArticlesByIds } from '../repositories/article.js';
import { findImagesByIds } from '../repositories/image.js';
import { findOrganisationsByIds } from '../repositories/organisation.js';
import { findAffiliationsByIds, findPeopleByIds } from '../repositories/person.js';
import { findProjectsByIds } from '../repositories/project.js';
import { findSourcesByIds } from '../repositories/source.js';
import { findTopicsByIds } from '../repositories/topic.js';
import { builder } from './builder.js';
import { parseRowId } from './global-id.js';
import { ArticleLinkRole, ProjectRole } from './roles.js';
import { roleEdge } from './shared.js';

// The node refs, each loaded by id, and the connection types that link one entity to another.
// Declared here and implemented in the entity files (article.ts, person.ts...), which import
// what they link to from this file and never from each other: no import cycle can form.

export const Article = builder.loadableNodeRef('Article', {
  id: { resolve: (article) => article.id, parse: parseRowId },
  load: async (ids: number[], context: Context) =>
    orNotFound('Article', ids, await findArticlesByIds(context.db, ids, context.audience)),
});

export const Source = builder.loadableNodeRef('Source', {
  id: { resolve: (source) => source.id, parse: parseRowId },
  load: async (ids: number[], context: Context) => orNotFound('Source', ids, await findSourcesByIds(context.db, ids)),
});

export const Person = builder.loadableNodeRef('Person', {
  id: { resolve: (person) => person.id, parse: parseRowId },
  load: async (ids: number[], context: Context) => orNotFound('Person', ids, await findPeopleByIds(context.db, ids)),
});

export const Affiliation = builder.loadableNodeRef('Affiliation', {
  id: { resolve: (affiliation) => affiliation.id, parse: parseRowId },
  load: async (ids: number[], context: Context) =>
    orNotFound('Affiliation', ids, await findAffiliationsByIds(context.db, ids)),
});

export const Organisation = builder.loadableNodeRef('Organisation', {
  id: { resolve: (organisation) => organisation.id, parse: parseRowId },
  load: async (ids: number[], context: Context) =>
    orNotFound('Organisation', ids, await findOrganisationsByIds(context.db, ids)),
});

export const Project = builder.loadableNodeRef('Project', {
  id: { resolve: (project) => project.id, parse: parseRowId },
  load: async (ids: number[], context: Context) => orNotFound('Project', ids, await findProjectsByIds(context.db, ids)),
});

export const Topic = builder.loadableNodeRef('Topic', {
  id: { resolve: (topic) => topic.id, parse: parseRowId },
  load: async (ids: number[], context: Context) => orNotFound('Topic', ids, await findTopicsByIds(context.db, ids)),
});

export const Image = builder.loadableNodeRef('Image', {
  id: { resolve: (image) => image.id, parse: parseRowId },
  load: async (ids: number[], context: Context) => orNotFound('Image', ids, await findImagesByIds(context.db, ids)),
});

// ——— Articles, as listed under an entity (Source.articles, Person.articles...) ———

export const ArticleConnection = builder.connectionObject({
  type: Article,
  name: 'ArticleConnection',
  description: 'A page of articles.',
});

export const LinkedArticleConnection = builder.connectionObject(
  { type: Article, name: 'LinkedArticleConnection', description: 'A page of the articles an entity appears in.' },
  roleEdge('LinkedArticleEdge', ArticleLinkRole, 'The part the entity plays in this article.'),
);

// ——— An article's entities (Article.people, Article.organisations...) ———

export const ArticlePersonConnection = builder.connectionObject(
  { type: Person, name: 'ArticlePersonConnection', description: "A page of an article's people." },
  roleEdge('ArticlePersonEdge', ArticleLinkRole, 'The part this person plays in the article.'),
);

export const ArticleOrganisationConnection = builder.connectionObject(
  { type: Organisation, name: 'ArticleOrganisationConnection', description: "A page of an article's organisations." },
  roleEdge('ArticleOrganisationEdge', ArticleLinkRole, 'The part this organisation plays in the article.'),
);

export const ArticleProjectConnection = builder.connectionObject(
  { type: Project, name: 'ArticleProjectConnection', description: "A page of an article's projects." },
  roleEdge('ArticleProjectEdge', ArticleLinkRole, 'Whether the article is about the project or mentions it.'),
);

export const ArticleTopicConnection = builder.connectionObject({
  type: Topic,
  name: 'ArticleTopicConnection',
  description: "A page of an article's topics.",
});

// ——— Projects and organisations, each listed under the other ———

export const ProjectOrganisationConnection = builder.connectionObject(
  { type: Organisation, name: 'ProjectOrganisationConnection', description: "A page of a project's organisations." },
  roleEdge('ProjectOrganisationEdge', ProjectRole, 'The part this organisation plays in the project.'),
);

export const OrganisationProjectConnection = builder.connectionObject(
  { type: Project, name: 'OrganisationProjectConnection', description: "A page of an organisation's projects." },
  roleEdge('OrganisationProjectEdge', ProjectRole, 'The part the organisation plays in this project.'),
);
