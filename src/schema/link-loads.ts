import {
  countArticlesByParentIds,
  findArticlePagesByParentIds,
  type ArticleParent,
  type LinkedArticleRow,
  type SourceJoin,
} from '../repositories/article.js';
import { entities, readColumns } from '../model/entities.js';
import { affiliationOtherEnd, findAffiliationsBy, type AffiliationSide } from '../repositories/person.js';
import { batchedPerParent, resolveNestedConnection } from './nested-connection.js';
import { EDGE_NODE } from './selected-columns.js';
import { joinedColumns, sourceJoin } from './joined-rows.js';

// The resolvers of lists that several entity files show: an entity's articles, and the
// affiliations seen from a person or from an organisation. Here rather than in one entity
// file, so that entity files need not import each other (see refs.ts).

/** The resolver of an entity's articles (Source.articles, Person.articles...), newest first. */
export function resolveArticlesOf(parent: ArticleParent, name: string) {
  return resolveNestedConnection<LinkedArticleRow, SourceJoin>({
    name,
    order: 'LISTED_AT_DESC',
    nodeType: 'Article',
    joined: (context, info) => sourceJoin(context, info, EDGE_NODE),
    pages: (context, ids, page, wanted, source) =>
      findArticlePagesByParentIds(context.db, parent, ids, page, context.audience, wanted, source),
    counts: (context, ids) => countArticlesByParentIds(context.db, parent, ids, context.audience),
  });
}

/**
 * The resolver of a list of affiliations per person or per organisation, each read with the
 * organisation (or person) at its other end when the query selects it.
 */
export function resolveAffiliationsBy(side: AffiliationSide) {
  // Affiliation's field to the other end is named after its entity (`organisation`, `person`).
  const { entity } = affiliationOtherEnd[side];
  const columns = readColumns(entities[entity]);
  return batchedPerParent({
    name: `affiliations:${side}`,
    input: (context, _args: unknown, info) => joinedColumns(context, info, [entity], entities[entity].graphqlType, columns),
    load: (context, ids, otherEnd) => findAffiliationsBy(context.db, side, ids, otherEnd),
  });
}
