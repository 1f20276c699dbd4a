// A small client of the gateway: `npx tsx examples/tour.ts [http://127.0.0.1:4000/graphql]`.
// Every document is typed from schema.graphql (`npm run examples:check` type-checks them).
import { request } from './client.js';
import { ArticlesOnTopic, Search, SeedStory } from './documents.js';

const options = { url: process.argv[2] ?? 'http://127.0.0.1:4000/graphql', apiKey: process.env.API_KEY };

const { article } = await request(options, SeedStory, { slug: 'ia-mega-data-center-valence-sesterce' });
if (!article) throw new Error('The seed story is not there: was the demo content loaded?');
console.log(`${article.title} (${article.source?.name ?? 'our own'}, ${article.publishedAt})`);
for (const { role, node } of article.people.edges) {
  const name: string = node.fullName;
  console.log(`  ${role.toLowerCase()}: ${name}`);
}

// A filter takes global ids: the seed story's first topic gives one.
const topic = article.topics.edges[0]?.node;
if (topic) {
  const { articles } = await request(options, ArticlesOnTopic, { topic: topic.id });
  const count: number | null = articles.totalCount;
  console.log(`\n${count} articles on "${topic.name}":`);
  for (const { node } of articles.edges) console.log(`  ${node.title satisfies string}`);
}

const { search } = await request(options, Search, { query: 'donnees intelligence artificielle' });
console.log('\nSearch "donnees intelligence artificielle":');
for (const { score, node } of search.edges) {
  const label: string = node.__typename === 'Article' ? node.title : node.__typename === 'Organisation' ? node.name : node.__typename;
  console.log(`  ${score.toFixed(2)} ${label}`);
}
