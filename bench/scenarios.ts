import type { GraphQLBody } from './graphql-post.js';
import type { ScenarioName } from './options.js';

// The fixed requests the gateway is loaded with. Each is checked once (no GraphQL errors)
// before it is measured, so a bench never reports the speed of an error.

/** Names of the root and Article fields, read by introspection: some scenarios need a field. */
export interface ApiShape {
  queryFields: Set<string>;
  articleFields: Set<string>;
}

export const API_SHAPE_QUERY = /* GraphQL */ `
  {
    query: __type(name: "Query") { fields { name } }
    article: __type(name: "Article") { fields { name } }
  }
`;

export function toApiShape(data: { query: { fields: Array<{ name: string }> }; article: { fields: Array<{ name: string }> } }): ApiShape {
  return {
    queryFields: new Set(data.query.fields.map((field) => field.name)),
    articleFields: new Set(data.article.fields.map((field) => field.name)),
  };
}

/** Rows of the corpus the scenarios ask for, picked by corpus.ts. */
export interface ScenarioSubjects {
  articleSlug: string;
  /** An organisation with enough articles for a third page of 50. */
  organisationSlug: string;
}

// Words the synthetic corpus uses often (src/content/synthetic-words.ts), without their accents.
export const SEARCH_TEXT = 'centres de donnees';

/** The `list` scenario; bench/baseline-server.ts answers it with the same JSON from one statement. */
export const LIST_QUERY = /* GraphQL */ `
  query NewestArticles {
    articles(first: 20) {
      edges {
        node {
          id
          slug
          title
          lead
          publishedAt
          source { name }
          people(first: 10) { edges { role node { slug fullName } } }
          organisations(first: 10) { edges { role node { slug name } } }
          topics(first: 10) { edges { node { slug name } } }
        }
      }
    }
  }
`;

// What a page's "related" block shows: the article and why it is related.
const RELATED_SELECTION = 'related(first: 5) { pinned score reasons { kind slug name } article { id slug title publishedAt } }';

export const articlePageQuery = (withRelated: boolean) => /* GraphQL */ `
  query ArticlePage($slug: String!) {
    article(slug: $slug) {
      id slug kind title lead body language publishedAt updatedAt originalUrl
      source { id slug name homepageUrl }
      people {
        edges {
          role
          node { id slug fullName description affiliations { title startedOn endedOn organisation { slug name } } }
        }
      }
      organisations { edges { role node { id slug name kind websiteUrl } } }
      projects {
        edges { role node { id slug name status summary budget { amount currency } location { name country } } }
      }
      topics { edges { node { slug name } } }
      ${withRelated ? RELATED_SELECTION : ''}
    }
  }
`;

const ORGANISATION_ARTICLES_QUERY = /* GraphQL */ `
  query OrganisationArticles($slug: String!, $after: String) {
    organisation(slug: $slug) {
      id
      name
      articles(first: 50, after: $after) {
        pageInfo { endCursor hasNextPage }
        edges { role node { id slug title lead publishedAt source { name } } }
      }
    }
  }
`;

/** The `search` scenario: a page of results of every type, articles with their source and snippet. */
export const SEARCH_QUERY = /* GraphQL */ `
  query Search($text: String!) {
    search(query: $text, first: 20) {
      edges {
        score
        snippet
        node {
          __typename
          ... on Article { id slug title publishedAt source { name } }
          ... on Person { id slug fullName }
          ... on Organisation { id slug name }
          ... on Project { id slug name }
          ... on Source { id slug name }
        }
      }
    }
  }
`;

export interface ScenarioContext {
  api: ApiShape;
  subjects: ScenarioSubjects;
  /** Asks the gateway, for scenarios whose request depends on an answer (a cursor). */
  post(body: GraphQLBody): Promise<any>;
}

export interface Scenario {
  name: ScenarioName;
  /** Measured on a gateway with the response cache on (the others: off, the gateway's own work). */
  responseCache?: boolean;
  /** What the gateway lacks for this scenario, or null when it can run. */
  missing(api: ApiShape): string | null;
  body(context: ScenarioContext): Promise<GraphQLBody>;
}

/** Page 3 needs the cursor that ends page 2, which needs the one that ends page 1. */
async function thirdPageOfOrganisation({ subjects, post }: ScenarioContext): Promise<GraphQLBody> {
  let after: string | null = null;
  for (const page of [1, 2]) {
    const { data } = await post({ query: ORGANISATION_ARTICLES_QUERY, variables: { slug: subjects.organisationSlug, after } });
    const articles = data.organisation?.articles;
    if (!articles?.pageInfo.hasNextPage) {
      throw new Error(`Organisation "${subjects.organisationSlug}" has no page ${page + 1} of 50 articles.`);
    }
    after = articles.pageInfo.endCursor;
  }
  return { query: ORGANISATION_ARTICLES_QUERY, variables: { slug: subjects.organisationSlug, after } };
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'list',
    missing: () => null,
    body: async () => ({ query: LIST_QUERY }),
  },
  {
    name: 'article',
    missing: () => null,
    body: async ({ api, subjects }) => ({
      query: articlePageQuery(api.articleFields.has('related')),
      variables: { slug: subjects.articleSlug },
    }),
  },
  {
    // The page without its related block, which costs more than the rest of it.
    name: 'article-no-related',
    missing: () => null,
    body: async ({ subjects }) => ({ query: articlePageQuery(false), variables: { slug: subjects.articleSlug } }),
  },
  {
    name: 'filter',
    missing: () => null,
    body: thirdPageOfOrganisation,
  },
  {
    name: 'search',
    missing: (api) => (api.queryFields.has('search') ? null : 'the schema has no `search` root field yet'),
    body: async () => ({ query: SEARCH_QUERY, variables: { text: SEARCH_TEXT } }),
  },
  {
    // The same request as `list`, answered from the cache after the first time: what a hit costs.
    name: 'list-cached',
    responseCache: true,
    missing: () => null,
    body: async () => ({ query: LIST_QUERY }),
  },
];
