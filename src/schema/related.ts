import type { Context } from '../context.js';
import { ErrorCode, clientError } from '../errors.js';
import { findArticleByOriginalUrl, findArticleBySlug, type ArticleRow } from '../repositories/article.js';
import {
  MAX_RELATED_TEXT_LENGTH,
  anyRelatedArticle,
  findArticlesRelatedToText,
  findEntitiesNamedInText,
  type NamedEntity,
  findRelatedArticlePages,
  narrowsNothing,
  type RelatedArticleRow,
  type RelatedReason as RelatedReasonRow,
} from '../repositories/related.js';
import { findPublicRelatedArticlePages, rankPublicRelatedArticlePages } from '../repositories/related-store.js';
import { articleLinks, type ArticleLinkKind } from '../model/links.js';
import { slugOfArticleUrl } from '../site.js';
import { builder } from './builder.js';
import { parseLanguage } from './language.js';
import { batchedPerParent } from './nested-connection.js';
import { checkSize } from './pagination.js';
import { selectedColumns } from './selected-columns.js';
import { ArticleKind } from './article.js';
import { Article } from './refs.js';

const DEFAULT_RELATED = 5;
const MAX_URL_LENGTH = 2000;

const RelatedReasonKind = builder.enumType('RelatedReasonKind', {
  description: 'What kind of entity two related articles share.',
  values: {
    PROJECT: { value: 'project', description: 'A project both are about or mention.' },
    PERSON: { value: 'person', description: 'A person both involve.' },
    ORGANISATION: { value: 'organisation', description: 'An organisation both involve.' },
    TOPIC: { value: 'topic', description: 'A topic both are filed under (weighed by its rarity: a broad one says little).' },
  } as const satisfies Record<Uppercase<ArticleLinkKind>, { value: ArticleLinkKind; description: string }>,
});

/** "project 3 (subject 1, mentioned 0.3), ..., topic 1": the related weights of the article links. */
function weightsPerKind(): string {
  return articleLinks
    .map(({ child, related: { weight, roles } }) => {
      const factors = roles ? ` (${Object.entries(roles).map(([role, factor]) => `${role} ${factor}`).join(', ')})` : '';
      return `${child} ${weight}${factors}`;
    })
    .join('; ');
}

const RelatedReason = builder.objectRef<RelatedReasonRow>('RelatedReason').implement({
  description: 'Why an article is related: an entity it shares with the article (or text) it is related to.',
  fields: (t) => ({
    kind: t.expose('kind', { type: RelatedReasonKind, description: 'What kind of entity is shared.' }),
    slug: t.exposeString('slug', { description: 'The shared entity\'s slug, e.g. "intelligence-artificielle".' }),
    name: t.exposeString('name', { description: 'The shared entity\'s name, as displayed.' }),
    weight: t.exposeFloat('weight', {
      description:
        'What it adds to the score: its kind\'s weight, times the factor of its role in each of the two articles, times ' +
        `its rarity (the log of the number of articles per article linking it). Weights: ${weightsPerKind()}.`,
    }),
  }),
});

export const RelatedArticle = builder.objectRef<RelatedArticleRow>('RelatedArticle').implement({
  description:
    'An article related to another (or to a text). Order: editor-pinned articles first, in the editor\'s order; then by ' +
    'score; then newest first.',
  fields: (t) => ({
    article: t.field({ type: Article, description: 'The related article.', resolve: (related) => related.article }),
    score: t.exposeFloat('score', {
      description:
        'The sum of the weights of the shared entities (`reasons`), the text similarity (`text`) and the recency ' +
        '(`recency`).',
    }),
    text: t.exposeFloat('text', {
      description:
        'The text-similarity part of the score: the words of the origin\'s title and lead (each weighed by its rarity) ' +
        'found in this article, in its title counting most, then in its lead, then in its body.',
    }),
    recency: t.exposeFloat('recency', {
      description: 'The recency part of the score: small, halved for every two months between the two articles (a tie-breaker).',
    }),
    pinned: t.exposeBoolean('pinned', { description: 'True when an editor pinned it: pinned articles come first.' }),
    reasons: t.field({
      type: [RelatedReason],
      description: 'The entities it shares, weightiest first; empty when it is related by text, recency or a pin alone.',
      resolve: (related) => related.reasons,
    }),
  }),
});

/** Readers' rankings are stored ahead (related-store.ts); editors' rank on the fly, and so does everything with OPTIMISATIONS=false. */
function relatedOfArticles(context: Context, ids: readonly number[], limit: number, wanted: ReadonlySet<string> | null) {
  if (context.audience === 'editor') return findRelatedArticlePages(context.db, ids, { ...anyRelatedArticle, limit }, context.audience);
  return context.optimisations
    ? findPublicRelatedArticlePages(context.db, ids, limit, wanted)
    : rankPublicRelatedArticlePages(context.db, ids, limit);
}

builder.objectFields(Article, (t) => ({
  related: t.field({
    type: [RelatedArticle],
    description:
      'Related articles, best first: pinned by an editor, then by score (the projects, topics, people and ' +
      'organisations both are about, their main words, their closeness in time); a second account of the same event ' +
      'steps back behind other stories. Never the article itself, never an unpublished article. For a whole page of ' +
      'articles this costs one statement. Readers\' rankings are stored: after any write to the content, the first view ' +
      'of each article ranks its related articles afresh (and stores the ranking), later views read it.',
    args: {
      first: t.arg.int({ defaultValue: DEFAULT_RELATED, description: 'How many: 0 to 100.' }),
    },
    resolve: batchedPerParent({
      name: 'Article.related',
      input: (context, args: { first?: number | null }, info) => {
        const wanted = selectedColumns(context, info, 'Article', ['article']);
        return { limit: checkSize(args.first ?? DEFAULT_RELATED, 'first'), wanted: wanted && [...wanted] };
      },
      load: async (context, ids, { limit, wanted }) => {
        const pages = await relatedOfArticles(context, ids, limit, wanted && new Set(wanted));
        return ids.map((id) => pages.get(id) ?? []);
      },
    }),
  }),
}));

const RelatedInput = builder.inputType('RelatedInput', {
  description: 'What to find related articles for: exactly one of `slug`, `url` and `text`.',
  fields: (t) => ({
    slug: t.string({ description: 'The slug of one of our articles.' }),
    url: t.string({
      description:
        'The address of one of our articles: its canonical URL (<SITE_BASE_URL>/articles/<slug>, http or https, with or ' +
        'without "www.") or the URL of its original at the source.',
    }),
    text: t.string({
      description:
        'Free text, e.g. the title and lead of a partner\'s own article: matched against the names of our people, ' +
        'organisations, projects and topics and against the text of our articles. ' +
        `At most ${MAX_RELATED_TEXT_LENGTH} characters; only its first 64 distinct words are compared with our texts.`,
    }),
  }),
});

type RelatedTarget = { slug: string } | { url: URL; address: string } | { text: string };

function parseTarget(to: typeof RelatedInput.$inferInput): RelatedTarget {
  const given = (['slug', 'url', 'text'] as const).filter((key) => to[key] != null);
  if (given.length !== 1) {
    const got = given.length === 0 ? 'none was given' : `got ${given.join(' and ')}`;
    throw clientError(ErrorCode.invalidArgument, `Give exactly one of \`to.slug\`, \`to.url\` and \`to.text\`: ${got}.`, {
      argument: 'to',
    });
  }
  if (to.slug != null) return { slug: to.slug };
  if (to.url != null) return { url: parseUrl(to.url.trim()), address: to.url.trim() };
  const text = to.text!.trim();
  if (!text) {
    throw clientError(ErrorCode.invalidArgument, '`to.text` is empty: send at least a title.', { argument: 'to.text' });
  }
  if (text.length > MAX_RELATED_TEXT_LENGTH) {
    throw clientError(
      ErrorCode.invalidArgument,
      `\`to.text\` is ${text.length} characters long; the limit is ${MAX_RELATED_TEXT_LENGTH}.`,
      { argument: 'to.text', max: MAX_RELATED_TEXT_LENGTH },
    );
  }
  return { text };
}

function parseUrl(address: string): URL {
  const url = address.length <= MAX_URL_LENGTH && URL.canParse(address) ? new URL(address) : null;
  if (!url || !['http:', 'https:'].includes(url.protocol)) {
    throw clientError(
      ErrorCode.invalidArgument,
      `\`to.url\` is not an http(s) URL of at most ${MAX_URL_LENGTH} characters.`,
      { argument: 'to.url' },
    );
  }
  return url;
}

/** How the same address may be stored: as sent, normalised, without its fragment, with or without a final slash. */
function spellingsOf(address: string, url: URL): string[] {
  const withoutHash = new URL(url);
  withoutHash.hash = '';
  const normalised = withoutHash.href;
  const toggled = normalised.endsWith('/') ? normalised.slice(0, -1) : `${normalised}/`;
  return [...new Set([address, url.href, normalised, toggled])];
}

/** Our article a slug or URL names; null when none does (or the reader may not see it). */
function findTargetArticle(context: Context, target: { slug: string } | { url: URL; address: string }): Promise<ArticleRow | null> {
  if ('slug' in target) return findArticleBySlug(context.db, target.slug, context.audience);
  const slug = slugOfArticleUrl(context.site, target.url);
  if (slug) return findArticleBySlug(context.db, slug, context.audience);
  return findArticleByOriginalUrl(context.db, spellingsOf(target.address, target.url), context.audience);
}

const RecognisedEntity = builder.objectRef<NamedEntity>('RecognisedEntity').implement({
  description: 'A person, organisation, project or topic of ours that a partner\'s text names.',
  fields: (t) => ({
    kind: t.expose('kind', { type: RelatedReasonKind, description: 'What kind of entity it is.' }),
    slug: t.exposeString('slug', { description: 'Its slug.' }),
    name: t.exposeString('name', { description: 'Its name, as we spell it.' }),
  }),
});

interface RelatedContentResult {
  articles: RelatedArticleRow[];
  recognised: NamedEntity[];
  article: ArticleRow | null;
}

const RelatedContent = builder.objectRef<RelatedContentResult>('RelatedContent').implement({
  description: 'Our articles related to one of ours or to a partner\'s text, with what the ranking started from.',
  fields: (t) => ({
    articles: t.field({
      type: [RelatedArticle],
      description: 'The related articles, best first, with the reasons.',
      resolve: (content) => content.articles,
    }),
    recognised: t.field({
      type: [RecognisedEntity],
      description:
        'For a text: the people, organisations, projects and topics of ours it names (whole names, accents and case ' +
        'ignored), which the ranking counts as its subjects. Empty for a slug or URL.',
      resolve: (content) => content.recognised,
    }),
    article: t.field({
      type: Article,
      nullable: true,
      description: 'For a slug or URL: the article of ours it names. Null for a text.',
      resolve: (content) => content.article,
    }),
  }),
});

builder.queryFields((t) => ({
  relatedContent: t.field({
    type: RelatedContent,
    nullable: true,
    authScopes: { partner: true },
    description:
      'For partner sites (an API key with the partner scope): our published articles related to one of our ' +
      'articles (by slug or URL) or to a text of theirs, best first, with the reasons, ranked as Article.related ' +
      'ranks them; for a text, also the entities it names. Null when the slug or URL names no article of ours. ' +
      'Canonical article URLs are <SITE_BASE_URL>/articles/<slug>.',
    args: {
      to: t.arg({ type: RelatedInput, required: true, description: 'What to relate to: one of slug, url and text.' }),
      first: t.arg.int({ defaultValue: DEFAULT_RELATED, description: 'How many: 0 to 100.' }),
      language: t.arg.string({ description: 'Only articles in this language (BCP 47 tag, e.g. "fr").' }),
      kinds: t.arg({ type: [ArticleKind], description: 'Only articles of these kinds: news, expert (our own), or both.' }),
      excludeSource: t.arg.string({
        description: 'Never articles republished from the source with this slug (e.g. the partner\'s own title).',
      }),
      since: t.arg({ type: 'DateTime', description: 'Only articles published at or after this time.' }),
    },
    resolve: async (_root, args, context) => {
      const target = parseTarget(args.to);
      const options = {
        limit: checkSize(args.first ?? DEFAULT_RELATED, 'first'),
        language: parseLanguage(args.language, 'language'),
        kinds: args.kinds ?? null,
        excludeSource: args.excludeSource ?? null,
        since: args.since ?? null,
      };
      if ('text' in target) {
        const recognised = await findEntitiesNamedInText(context.db, target.text);
        const articles = await findArticlesRelatedToText(context.db, target.text, recognised, options, context.audience);
        return { articles, recognised, article: null };
      }
      const article = await findTargetArticle(context, target);
      if (!article) return null;
      // without options, the article page's own block
      const pages = narrowsNothing(options)
        ? await relatedOfArticles(context, [article.id], options.limit, null)
        : await findRelatedArticlePages(context.db, [article.id], options, context.audience);
      return { articles: pages.get(article.id) ?? [], recognised: [], article };
    },
  }),
}));
