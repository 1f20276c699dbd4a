import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import { entities } from '../model/entities.js';
import { articleLinks, type ArticleLinkKind } from '../model/links.js';
import { anyOf } from './keyset.js';

// The entities an article links, of every kind at once: what related-article ranking compares
// and what an article's metadata (JSON-LD) names.

export type LinkedKind = ArticleLinkKind;

/** How an article links each kind of entity (and whether the link has a role), where the entity keeps its name and website. */
export const linkedKinds = articleLinks.map((link) => {
  const entity = entities[link.child];
  return {
    kind: link.child,
    link: link.table,
    column: link.childColumn,
    hasRole: link.roles !== null,
    table: entity.table,
    name: entity.nameColumn,
    website: entity.websiteColumn,
  };
});

export interface LinkedEntity {
  kind: LinkedKind | 'source';
  /** The link's role (author, subject...); null for topics and the source. */
  role: string | null;
  slug: string;
  name: string;
  website: string | null;
}

/** Every entity each article links, its source first, then by kind in `linkedKinds` order and editorial position. */
export async function findEntitiesOfArticles(
  db: Kysely<Database>,
  articleIds: readonly number[],
): Promise<Map<number, LinkedEntity[]>> {
  const links = linkedKinds.map(
    ({ kind, link, column, hasRole, table, name, website }, index) =>
      sql`select link.article_id, ${sql.lit(kind)} as kind, ${sql.lit(index + 1)} as kind_order, link.position,
                 ${hasRole ? sql`link.role` : sql`null`} as role, entity.slug,
                 ${sql.ref(`entity.${name}`)} as name, ${website ? sql.ref(`entity.${website}`) : sql`null`} as website
          from ${sql.table(link)} as link join ${sql.table(table)} as entity on entity.id = ${sql.ref(`link.${column}`)}
          where link.article_id = ${anyOf(articleIds)}`,
  );
  // the entities of many articles: primary-key probes from the link tables
  const { rows } = await sql<LinkedEntity & { article_id: number }>`
    select article.id as article_id, 'source' as kind, 0 as kind_order, 0 as position, null as role, source.slug,
           source.name, source.homepage_url as website
    from article join source on source.id = article.source_id
    where article.id = ${anyOf(articleIds)}
    union all ${sql.join(links, sql` union all `)}
    order by article_id, kind_order, position, slug`.execute(db);
  const entities = new Map<number, LinkedEntity[]>(articleIds.map((id) => [id, []]));
  for (const { article_id, kind, role, slug, name, website } of rows) {
    entities.get(article_id)?.push({ kind, role, slug, name, website });
  }
  return entities;
}
