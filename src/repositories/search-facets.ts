import { sql, type Kysely } from 'kysely';
import type { ArticleKind, Database } from '../db/types.js';
import type { Audience } from './audience.js';
import { allHits, searchTypes, type SearchScope, type SearchType } from './search.js';

// What a search's results hold, counted to build filters from: per type of result, and for the
// articles per kind, topic, source and year of publication. Counted over the same hits as
// `totalCount` (the same filters, the same bound), in one statement.

/** The most topics and sources listed: the largest counts. */
export const MAX_FACET_VALUES = 20;

export interface FacetCount<Value> {
  value: Value;
  count: number;
}

export interface SearchFacets {
  types: Array<FacetCount<SearchType>>;
  kinds: Array<FacetCount<ArticleKind>>;
  /** Topic ids. */
  topics: Array<FacetCount<number>>;
  /** Source ids. */
  sources: Array<FacetCount<number>>;
  years: Array<FacetCount<number>>;
}

type Facet = keyof SearchFacets;

export async function countSearchFacets(db: Kysely<Database>, scope: SearchScope, audience: Audience): Promise<SearchFacets> {
  const facets: SearchFacets = { types: [], kinds: [], topics: [], sources: [], years: [] };
  const hits = allHits(db, scope, audience);
  if (!hits) return facets;
  // counts of a search's hits per type, and of its articles per kind, topic, source and year
  const { rows } = await sql<{ facet: Facet; value: string; count: string }>`
    with hit as (${hits}),
    found as (select article.id, article.kind, article.published_at, article.source_id from hit join article on hit.type = 'article' and article.id = hit.id)
    select 'types' as facet, hit.type as value, count(*) as count from hit group by hit.type
    union all
    select 'kinds', found.kind, count(*) from found group by found.kind
    union all
    select 'years', extract(year from found.published_at)::integer::text, count(*) from found
    where found.published_at is not null group by 2
    union all
    (select 'sources', found.source_id::text, count(*) from found where found.source_id is not null
     group by found.source_id order by 3 desc, 2 limit ${MAX_FACET_VALUES})
    union all
    (select 'topics', link.topic_id::text, count(*) from found join article_topic as link on link.article_id = found.id
     group by link.topic_id order by 3 desc, 2 limit ${MAX_FACET_VALUES})`.execute(db);
  for (const row of rows) {
    const value = row.facet === 'types' || row.facet === 'kinds' ? row.value : Number(row.value);
    (facets[row.facet] as Array<FacetCount<unknown>>).push({ value, count: Number(row.count) });
  }
  // Largest first; types among equals in their usual order, years newest first.
  const byCount = (a: FacetCount<unknown>, b: FacetCount<unknown>) => b.count - a.count;
  facets.types.sort((a, b) => byCount(a, b) || searchTypes.indexOf(a.value) - searchTypes.indexOf(b.value));
  facets.kinds.sort((a, b) => byCount(a, b) || a.value.localeCompare(b.value));
  facets.years.sort((a, b) => b.value - a.value);
  facets.sources.sort((a, b) => byCount(a, b) || a.value - b.value);
  facets.topics.sort((a, b) => byCount(a, b) || a.value - b.value);
  return facets;
}
