// The operations of the example client, typed from schema.graphql by gql.tada;
// examples/validate-documents.ts checks each against the schema.
import { graphql } from './graphql.js';

export const SeedStory = graphql(`
  query SeedStory($slug: String!) {
    article(slug: $slug) {
      title
      publishedAt
      source { name }
      people { edges { role node { fullName } } }
      topics { edges { node { id slug name } } }
    }
  }
`);

export const ArticlesOnTopic = graphql(`
  query ArticlesOnTopic($topic: ID!) {
    articles(filter: { topics: [$topic] }, first: 5) {
      totalCount
      edges { node { title publishedAt } }
    }
  }
`);

export const Search = graphql(`
  query Search($query: String!) {
    search(query: $query, first: 5) {
      didYouMean
      edges {
        score
        node {
          __typename
          ... on Article { title }
          ... on Organisation { name }
        }
      }
    }
  }
`);
