import type { Context } from '../context.js';
import { ErrorCode, clientError, nullIfNotFound } from '../errors.js';
import {
  MAX_QUERY_LENGTH,
  MAX_QUERY_WORDS,
  ARTICLE_COVERAGE,
  ARTICLE_RANK,
  FALLBACK_BELOW,
  MAX_RANKED_PER_WORD,
  MAX_SNIPPET_PASSAGES,
  NAME_CLOSE,
  NAME_MATCH,
  NAME_SIMILARITY_THRESHOLD,
  countQueryWords,
  countSearchHits,
  searchContent,
  searchTypes,
  type SearchHit,
  type SearchPosition,
  type SearchScope,
  type SearchType as SearchTypeValue,
} from '../repositories/search.js';
import { articleFields } from '../repositories/article.js';
import { pickColumns } from '../repositories/entity-table.js';
import { correctedText, findQueryTerms, type Correction } from '../repositories/search-terms.js';
import { MAX_FACET_VALUES, countSearchFacets, type SearchFacets as SearchFacetCounts } from '../repositories/search-facets.js';
import { ArticleFilter, ArticleKind, toFilterValues } from './article.js';
import { builder } from './builder.js';
import { searchCost } from './complexity.js';
import { sourceJoin } from './joined-rows.js';
import { parseLanguage } from './language.js';
import { EDGE_NODE, selectedColumns } from './selected-columns.js';
import { DEFAULT_PAGE_SIZE, checkSize } from './pagination.js';
import { Article, Organisation, Person, Project, Source, Topic } from './refs.js';

const SearchType = builder.enumType('SearchType', {
  description: 'What a search may return.',
  values: {
    ARTICLE: { value: 'article', description: 'Articles, by French full-text search of their title, lead and body.' },
    PERSON: { value: 'person', description: 'People, by their name (typos forgiven).' },
    ORGANISATION: { value: 'organisation', description: 'Organisations, by their name (typos forgiven).' },
    PROJECT: { value: 'project', description: 'Projects, by their name (typos forgiven).' },
    SOURCE: { value: 'source', description: 'Sources, by their name (typos forgiven).' },
  } as const,
});

const typenames: Record<SearchTypeValue, string> = {
  article: 'Article',
  person: 'Person',
  organisation: 'Organisation',
  project: 'Project',
  source: 'Source',
};

// A found row carries its GraphQL type under this key: rows of different tables cannot be told
// apart reliably by their columns.
const foundAs = Symbol('search result type');

export const SearchResult = builder.unionType('SearchResult', {
  description: 'Anything a search finds: an article, a person, an organisation, a project or a source.',
  types: [Article, Person, Organisation, Project, Source],
  resolveType: (found): string => (found as Found)[foundAs],
});

type FoundRow = Exclude<(typeof Article | typeof Person | typeof Organisation | typeof Project | typeof Source)['$inferType'], number | string>;
type Found = FoundRow & { [foundAs]: string };

interface SearchEdge {
  cursor: string;
  node: Found;
  score: number;
  snippet: string | null;
}

const SearchCorrection = builder.objectRef<Correction>('SearchCorrection').implement({
  description: 'A word of the query that no published content holds, and the closest word that some does.',
  fields: (t) => ({
    from: t.exposeString('from', { description: 'The word as typed, unaccented and in lower case.' }),
    to: t.exposeString('to', { description: 'The word searched as well, unaccented and in lower case.' }),
  }),
});

type Counted<Value> = { value: Value; count: number };

/** One facet's count type: the value under `field` (an id for a loadable type) and how many results have it. */
function facetCount<Value, Field>(name: string, description: string, field: string, type: Field) {
  return builder.objectRef<Counted<Value>>(name).implement({
    description,
    fields: (t) => ({
      [field]: t.field({
        type: type as any,
        description: `The ${field}.`,
        resolve: (row: Counted<Value>) => row.value as any,
      }),
      count: t.int({ description: 'How many results.', resolve: (row) => row.count }),
    }),
  });
}

const SearchTypeCount = facetCount<SearchTypeValue, typeof SearchType>('SearchTypeCount', 'How many results are of one type.', 'type', SearchType);
const ArticleKindCount = facetCount<string, typeof ArticleKind>('ArticleKindCount', 'How many articles found are of one kind.', 'kind', ArticleKind);
const YearCount = facetCount<number, 'Int'>('YearCount', 'How many articles found were published in one year (UTC).', 'year', 'Int');
const TopicCount = facetCount<number, typeof Topic>('TopicCount', 'How many articles found are filed under one topic.', 'topic', Topic);
const SourceCount = facetCount<number, typeof Source>('SourceCount', 'How many articles found come from one source.', 'source', Source);

const SearchFacets = builder.objectRef<SearchFacetCounts>('SearchFacets').implement({
  description:
    'What the results of a search hold, counted under its filters, to build filters from. `types` add up to ' +
    '`totalCount`; kinds and years add up to the articles found; topics and sources list the ' +
    `${MAX_FACET_VALUES} largest counts. Largest counts first (years: newest first).`,
  fields: (t) => ({
    types: t.field({ type: [SearchTypeCount], description: 'Results per type.', resolve: (facets) => facets.types }),
    kinds: t.field({ type: [ArticleKindCount], description: 'Articles per kind.', resolve: (facets) => facets.kinds }),
    topics: t.field({ type: [TopicCount], description: 'Articles per topic (an article may have several).', resolve: (facets) => facets.topics }),
    sources: t.field({ type: [SourceCount], description: 'Articles per source (the site\'s own have none).', resolve: (facets) => facets.sources }),
    years: t.field({ type: [YearCount], description: 'Articles per year of publication.', resolve: (facets) => facets.years }),
  }),
});

interface SearchConnectionExtras {
  corrections: Correction[];
  didYouMean: string | null;
  facets: () => Promise<SearchFacetCounts>;
}

const SearchResultConnection = builder.connectionObject(
  {
    type: SearchResult,
    name: 'SearchResultConnection',
    description: 'A page of search results, best first.',
    fields: (t) => ({
      didYouMean: t.string({
        nullable: true,
        description:
          'The query with its unknown words corrected ("telemedcine chambery" → "telemedecine chambery"), when a word ' +
          'was; null otherwise. The results already include what the corrected words find.',
        resolve: (connection) => (connection as unknown as SearchConnectionExtras).didYouMean,
      }),
      corrections: t.field({
        type: [SearchCorrection],
        description: 'Which words were corrected, and to what: empty when none was.',
        resolve: (connection) => (connection as unknown as SearchConnectionExtras).corrections,
      }),
      facets: t.field({
        type: SearchFacets,
        description: 'Counts of the results per type, and of the articles per kind, topic, source and year: one more statement.',
        resolve: (connection) => (connection as unknown as SearchConnectionExtras).facets(),
      }),
    }),
  },
  {
    name: 'SearchResultEdge',
    description: 'One search result, with how well it matches.',
    fields: (t) => ({
      score: t.float({
        description:
          'How well it matches, on one scale for every type, in [0, 1]; results come by score, then type, then id. ' +
          `An article scores ${ARTICLE_COVERAGE} × the share of the query's words it holds (rarer words weigh more; ` +
          `1 when it holds them all) + ${ARTICLE_RANK} × rank / (rank + 1) of its French full-text rank (title weighs ` +
          `most, then lead, then body; the title and lead alone when they hold the words). A name holding every word of the query scores ${NAME_MATCH} to 1 (1: the exact ` +
          `name); a name only close to it (a typo, some of its words) ${NAME_CLOSE} × its trigram word similarity ` +
          `(from ${NAME_SIMILARITY_THRESHOLD}), or ${NAME_CLOSE} when its words hold the whole query, synonyms included. ` +
          'So the exact name comes first, then an article holding every word, then names and articles holding some.',
        resolve: (edge) => (edge as unknown as SearchEdge).score,
      }),
      snippet: t.string({
        nullable: true,
        description:
          `Articles only (null otherwise): up to ${MAX_SNIPPET_PASSAGES} passages (sentences) of the lead and body holding the words searched ` +
          '(synonyms and corrected words included), the best first (those holding most of them, closest together, weigh most; ' +
          'a long sentence shows the part around them); the title when only it holds them. An HTML fragment: ' +
          'the text is HTML-escaped, each word searched is wrapped in <mark>…</mark>, passages are joined by " … ", and ' +
          '" … " marks where a passage starts or stops inside a sentence (never inside a word). It contains no other ' +
          'tags, so it can be inserted as HTML as it is.',
        resolve: (edge) => (edge as unknown as SearchEdge).snippet,
      }),
    }),
  },
);

// A cursor is a position in the ranking: base64url("SEARCH:score:Type:id"). See SearchPosition.
function encodeCursor({ score, type, id }: SearchPosition): string {
  return Buffer.from(`SEARCH:${score}:${typenames[type]}:${id}`).toString('base64url');
}

function decodeCursor(cursor: string, argument: 'after' | 'before'): SearchPosition {
  const match = /^SEARCH:([0-9.e+-]{1,30}):([A-Za-z]{1,20}):([1-9][0-9]{0,9})$/.exec(
    Buffer.from(cursor, 'base64url').toString('utf8'),
  );
  const score = Number(match?.[1]);
  const type = searchTypes.find((candidate) => typenames[candidate] === match?.[2]);
  const id = Number(match?.[3]);
  if (!match || !Number.isFinite(score) || score < 0 || !type || id > 2_147_483_647) {
    throw clientError(ErrorCode.invalidCursor, `\`${argument}\` is not a cursor of a search.`, { argument });
  }
  return { score, type, id };
}

const loaders: Record<SearchTypeValue, (context: Context, id: number) => Promise<FoundRow>> = {
  article: (context, id) => Article.getDataloader(context).load(id),
  person: (context, id) => Person.getDataloader(context).load(id),
  organisation: (context, id) => Organisation.getDataloader(context).load(id),
  project: (context, id) => Project.getDataloader(context).load(id),
  source: (context, id) => Source.getDataloader(context).load(id),
};

/** The objects of a page of hits: articles came with it, others through each type's loader (one statement per type found). */
async function loadFound(context: Context, hits: readonly SearchHit[]): Promise<Array<Found | null>> {
  return Promise.all(
    hits.map(async (hit) => {
      // Null when the row went away (or out of sight) between the search and the load.
      const row = hit.article ? (hit.article as FoundRow) : await nullIfNotFound(loaders[hit.type](context, hit.id));
      return row ? { ...row, [foundAs]: typenames[hit.type] } : null;
    }),
  );
}

interface SearchArgs {
  query: string;
  types?: readonly SearchTypeValue[] | null;
  language?: string | null;
  filter?: typeof ArticleFilter.$inferInput | null;
}

async function toScope(context: Context, args: SearchArgs): Promise<SearchScope> {
  const text = args.query.trim();
  if (!text) throw clientError(ErrorCode.invalidArgument, '`query` is empty: give at least one word.', { argument: 'query' });
  if (text.length > MAX_QUERY_LENGTH) {
    throw clientError(
      ErrorCode.invalidArgument,
      `\`query\` is ${text.length} characters long; the limit is ${MAX_QUERY_LENGTH}.`,
      { argument: 'query', max: MAX_QUERY_LENGTH },
    );
  }
  const words = countQueryWords(text);
  if (words > MAX_QUERY_WORDS) {
    throw clientError(
      ErrorCode.invalidArgument,
      `\`query\` has ${words} words; the limit is ${MAX_QUERY_WORDS} words (repeated words count too).`,
      { argument: 'query', max: MAX_QUERY_WORDS },
    );
  }
  if (args.types?.length === 0) {
    throw clientError(ErrorCode.invalidArgument, '`types` is empty: list at least one type, or leave it out for all.', {
      argument: 'types',
    });
  }
  const filter = toFilterValues(args.filter);
  const language = parseLanguage(args.language, 'language');
  return {
    text,
    terms: await findQueryTerms(context.db, text),
    types: args.types ? [...new Set(args.types)] : searchTypes,
    filter,
    language,
  };
}

builder.queryFields((t) => ({
  search: t.field({
    type: SearchResultConnection,
    description:
      'Search the content, best matches first (see `SearchResultEdge.score`). Articles: French full-text search of ' +
      'the published articles, accents and case ignored, words stemmed ("centres" finds "centre"); synonyms editors ' +
      'manage count both ways ("IA" finds "intelligence artificielle"); a word no published content holds is ' +
      'corrected to the closest one that some does (`didYouMean`); when fewer than ' +
      `${FALLBACK_BELOW} of the articles ranked (below) hold every word, those holding some follow, ranked lower. Web-search syntax ` +
      '("quoted phrase", -excluded, or) is taken literally: no synonym, no correction, no partial match. The articles ' +
      `ranked are, for each word of the query (synonyms and corrections included), the ${MAX_RANKED_PER_WORD} that the ` +
      'filters keep where the word weighs most (title 1, lead 0.4, body 0.2, for each time it is said; the newest first ' +
      'among equals): the best matches are among them, and every page ranks the same ones. `totalCount` and `facets` ' +
      'count those ranked. People, ' +
      'organisations, projects and sources: by name, typos forgiven ("Sesterse" finds Sesterce). ' +
      'A search weighs much more than a list in the cost of a query (MAX_COST): a few per request at most.',
    complexity: searchCost,
    args: {
      query: t.arg.string({
        required: true,
        description: `What to look for: 1 to ${MAX_QUERY_LENGTH} characters and at most ${MAX_QUERY_WORDS} words (a word is a run of letters and digits; repeated words count too).`,
      }),
      types: t.arg({ type: [SearchType], description: 'What to return; all types when left out.' }),
      language: t.arg.string({ description: 'Only articles in this language (BCP 47 tag, e.g. "fr").' }),
      filter: t.arg({
        type: ArticleFilter,
        description:
          'Narrows the articles, as in `articles`; other types are not filtered (use `types: [ARTICLE]` for articles alone).',
      }),
      first: t.arg.int({ description: `How many results from the start (or after \`after\`): 0 to 100, default ${DEFAULT_PAGE_SIZE}.` }),
      after: t.arg.string({ description: 'A cursor from a page of the same search: results after it.' }),
      last: t.arg.int({ description: 'How many results from the end (or before `before`): 0 to 100; pages backward.' }),
      before: t.arg.string({ description: 'A cursor from a page of the same search: results before it; pages backward.' }),
    },
    resolve: async (_root, args, context, info) => {
      const scope = await toScope(context, args);
      const backward = args.last != null || args.before != null;
      if (backward && (args.first != null || args.after != null)) {
        throw clientError(ErrorCode.invalidArgument, 'Page forward (`first`, `after`) or backward (`last`, `before`), not both.', {
          argument: args.first != null ? 'first' : 'after',
        });
      }
      const size = backward ? checkSize(args.last ?? DEFAULT_PAGE_SIZE, 'last') : checkSize(args.first ?? DEFAULT_PAGE_SIZE, 'first');
      const cursor = backward ? args.before : args.after;
      const from = cursor != null ? decodeCursor(cursor, backward ? 'before' : 'after') : null;
      const direction = backward ? 'backward' : 'forward';
      const read = { columns: pickColumns(articleFields, selectedColumns(context, info, 'Article', EDGE_NODE)), source: sourceJoin(context, info, EDGE_NODE) };
      const { hits, hasMore } = await searchContent(context.db, { ...scope, size, direction, from }, context.audience, read);
      const found = await loadFound(context, hits);
      const edges = hits.flatMap((hit, index): SearchEdge[] => {
        const node = found[index];
        return node ? [{ cursor: encodeCursor(hit), node, score: hit.score, snippet: hit.snippet }] : [];
      });
      return {
        edges,
        pageInfo: {
          // The side a page came from is known from the extra hit; the other, from the cursor.
          hasNextPage: backward ? from !== null : hasMore,
          hasPreviousPage: backward ? hasMore : from !== null,
          startCursor: hits[0] ? encodeCursor(hits[0]) : null,
          endCursor: hits.at(-1) ? encodeCursor(hits.at(-1)!) : null,
        },
        totalCount: () => countSearchHits(context.db, scope, context.audience),
        corrections: scope.terms.corrections,
        didYouMean: correctedText(scope.text, scope.terms.corrections),
        facets: () => countSearchFacets(context.db, scope, context.audience),
      };
    },
  }),
}));
