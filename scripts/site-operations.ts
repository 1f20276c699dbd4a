import { SCENARIOS, toApiShape } from '../bench/scenarios.js';
import { schema } from '../src/schema/index.js';
import { exampleQuery } from '../src/yoga.js';

// The site's own operations, which anonymous clients may run when PERSISTED_ONLY_ANONYMOUS is
// on: the GraphiQL example and the bench scenarios (the pages of the site: newest articles,
// an article page, an organisation's articles, search), as the current schema shapes them.

const fieldNames = (typeName: string) => {
  const type = schema.getType(typeName);
  return type && 'getFields' in type ? Object.keys(type.getFields()).map((name) => ({ name })) : [];
};

export async function siteOperations(): Promise<string[]> {
  const api = toApiShape({ query: { fields: fieldNames('Query') }, article: { fields: fieldNames('Article') } });
  const queries = [exampleQuery];
  for (const scenario of SCENARIOS) {
    if (scenario.missing(api)) continue;
    // The subjects and answers only fill variables: the query text does not depend on them.
    const body = await scenario.body({
      api,
      subjects: { articleSlug: 'an-article', organisationSlug: 'an-organisation' },
      post: async () => ({ data: { organisation: { articles: { pageInfo: { hasNextPage: true, endCursor: 'cursor' } } } } }),
    });
    if (!queries.includes(body.query)) queries.push(body.query);
  }
  return queries;
}
