/** What GraphiQL opens with: the seed story, then one tab per thing a newcomer wants to try. */

const SEED_SLUG = 'ia-mega-data-center-valence-sesterce';

/** The query of GraphiQL's first tab: the seed story with everything around it. */
export const exampleQuery = /* GraphQL */ `# The seed story, its source, people, organisations and projects.
# Press the run button (or Ctrl+Enter); the Docs panel describes every type and field.
query SeedStory {
  article(slug: "${SEED_SLUG}") {
    title
    publishedAt
    source { name }
    people {
      edges {
        role
        node { fullName affiliations { title organisation { name } } }
      }
    }
    organisations { edges { role node { name kind } } }
    projects {
      edges {
        node {
          name
          budget { amount currency }
          organisations { edges { role node { name } } }
        }
      }
    }
    topics { edges { node { slug name } } }
  }
}
`;

export interface GraphiQLTab {
  query: string;
  /** JSON text, as GraphiQL's Variables and Headers editors hold it. */
  variables?: string;
  headers?: string;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** The header a tab needs for a field behind a scope; the key comes from `npm run apikey`. */
const keyHeader = (scope: string) => json({ Authorization: `Bearer <a key with the ${scope} scope>` });

export const graphiqlTabs: readonly GraphiQLTab[] = [
  { query: exampleQuery },
  {
    query: /* GraphQL */ `# French full-text search across articles and named entities: accents and case are
# ignored, typos are corrected (see didYouMean).
query Search($query: String!) {
  search(query: $query, first: 5) {
    didYouMean
    edges {
      score
      snippet
      node {
        __typename
        ... on Article { title slug }
        ... on Organisation { name slug }
        ... on Person { fullName slug }
      }
    }
  }
}
`,
    variables: json({ query: 'donnees intelligence artificielle' }),
  },
  {
    query: /* GraphQL */ `# Related articles: editor pins first, then shared subjects; each says why.
query Related {
  article(slug: "${SEED_SLUG}") {
    title
    related(first: 3) {
      score
      pinned
      reasons { kind name }
      article { title slug }
    }
  }
}
`,
  },
  {
    query: /* GraphQL */ `# For partner sites: our articles related to one of ours (by slug or URL) or to a text.
# Needs an API key with the partner scope, in the Headers tab below:
#   npm run apikey -- create --name "Partner X" --scopes read,partner
query Partner($to: RelatedInput!) {
  relatedContent(to: $to, first: 3) {
    article { title }
    articles { score article { title slug } }
  }
}
`,
    variables: json({ to: { slug: SEED_SLUG } }),
    headers: keyHeader('partner'),
  },
  {
    query: /* GraphQL */ `# An editing round trip, with a key of the editor scope in the Headers tab:
#   npm run apikey -- create --name "Newsroom" --scopes editor
# 1. Run ReadForEditing; copy the id and version into the variables.
# 2. Run Retitle: the version you read guards against overwriting someone else's change
#    (a stale one answers VERSION_CONFLICT and writes nothing).
query ReadForEditing {
  article(slug: "${SEED_SLUG}") { id version title }
}

mutation Retitle($input: UpdateArticleInput!) {
  updateArticle(input: $input) {
    article { title version updatedAt }
    errors { path message code }
  }
}
`,
    variables: json({ input: { id: '<id from ReadForEditing>', version: 1, title: 'A new title' } }),
    headers: keyHeader('editor'),
  },
];
