import { createYoga, useReadinessCheck, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import { createAuthenticator } from './auth/viewer.js';
import { createContext, type Context } from './context.js';
import type { DatabaseHandle } from './db/connect.js';
import { createErrorMasker } from './mask-error.js';
import { schema } from './schema/index.js';

/** The query GraphiQL opens with: the seed story with everything around it. */
export const exampleQuery = /* GraphQL */ `# The seed story, its source, people, organisations and projects.
# Press the run button (or Ctrl+Enter); the Docs panel describes every type and field.
{
  article(slug: "ia-mega-data-center-valence-sesterce") {
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

export interface GatewayOptions {
  database: DatabaseHandle;
  logger: Logger;
}

export type Gateway = YogaServerInstance<Record<string, unknown>, Context>;

/** Builds the HTTP app: GraphQL at /graphql (GraphiQL in a browser), /healthz and /readyz. */
export function createGateway({ database, logger }: GatewayOptions): Gateway {
  const authenticate = createAuthenticator(database.db);
  return createYoga<Record<string, unknown>, Context>({
    schema,
    context: async ({ request }) => createContext(database.db, await authenticate(request.headers.get('authorization'))),
    graphiql: { title: 'Content gateway', defaultQuery: exampleQuery },
    healthCheckEndpoint: '/healthz',
    maskedErrors: { maskError: createErrorMasker(logger) },
    logging: logger,
    plugins: [useReadinessCheck({ endpoint: '/readyz', check: () => database.isReachable() })],
  });
}
