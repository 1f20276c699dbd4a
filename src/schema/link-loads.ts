import type { Context } from '../context.js';
import {
  countArticlesByParentIds,
  findArticlePagesByParentIds,
  type ArticleParent,
  type LinkedArticleRow,
} from '../repositories/article.js';
import { findAffiliationsBy } from '../repositories/person.js';
import { resolveNestedConnection } from './nested-connection.js';

// The resolvers of lists that several entity files show: an entity's articles, and the
// affiliations seen from a person or from an organisation. Here rather than in one entity
// file, so that entity files need not import each other (see refs.ts).

/** The resolver of an entity's articles (Source.articles, Person.articles...), newest first. */
export function resolveArticlesOf(parent: ArticleParent, name: string) {
  return resolveNestedConnection<LinkedArticleRow>({
    name,
    order: 'LISTED_AT_DESC',
    nodeType: 'Article',
    pages: (context, ids, page, wanted) => findArticlePagesByParentIds(context.db, parent, ids, page, context.audience, wanted),
    counts: (context, ids) => countArticlesByParentIds(context.db, parent, ids, context.audience),
  });
}

/** The `load` of a list of affiliations per person or per organisation. */
export function loadAffiliationsBy(side: 'person_id' | 'organisation_id') {
  return (ids: number[], context: Context) => findAffiliationsBy(context.db, side, ids);
}
