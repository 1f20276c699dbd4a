import { z } from 'zod';
import { signPreviewToken, verifyPreviewToken, type PreviewGrant } from '../auth/preview-token.js';
import { currentInstant } from '../clock.js';
import type { Context } from '../context.js';
import { findArticleBySlug, findArticlesByIds, type ArticleRow } from '../repositories/article.js';
import { findRevisionsByArticleIds, withRevision } from '../repositories/article-revision.js';
import { builder } from './builder.js';
import { editorMutation, idOf, mustExist } from './entity-mutations.js';
import { payloadType } from './mutation.js';
import { Article } from './refs.js';
import { oneLookup, type LookupArgs } from './shared.js';

// Previews: an editor makes a signed, expiring token for one article (createPreviewToken); a front
// end sends it (X-Preview-Token header, or `article(previewToken:)`) to read that article as it
// will be published: a draft, or a published article with its pending revision. Every other
// article reads as readers see it. Answers that read a token are never cached.

const DEFAULT_EXPIRY_SECONDS = 3_600;
const MAX_EXPIRY_SECONDS = 7 * 24 * 3_600;

/** The grant of the token given as an argument, else of the header; marks the answer uncacheable. */
function grantOf(context: Context, argument: string | null | undefined): PreviewGrant | null {
  if (argument == null) return context.preview.grant;
  context.preview.used = true;
  return verifyPreviewToken(context.preview.secret, argument, currentInstant());
}

/**
 * `article(slug:|id:, previewToken:)`: the article the token grants, unpublished and with its
 * pending revision, when the lookup names it; otherwise (no token, an invalid or expired one,
 * another article) what `readerLookup` finds.
 */
export async function lookupArticle<Row extends ArticleRow>(
  context: Context,
  args: LookupArgs & { previewToken?: string | null },
  readerLookup: () => Promise<Row | null>,
): Promise<Row | ArticleRow | null> {
  const grant = grantOf(context, args.previewToken);
  if (!grant) return readerLookup();
  const article = await oneLookup(context.db, args, 'Article', {
    bySlug: (slug) => findArticleBySlug(context.db, slug, 'editor'),
    byId: async (id) => (await findArticlesByIds(context.db, [id], 'editor'))[0] ?? null,
  });
  if (article?.id !== grant.articleId) return readerLookup();
  const revisions = await findRevisionsByArticleIds(context.db, [article.id]);
  return withRevision(article, revisions.get(article.id));
}

const PreviewToken = builder.objectRef<PreviewGrant>('PreviewToken').implement({
  description: 'A signed token that lets its holder read one unpublished article (or its pending revision) until it expires.',
  fields: (t) => ({
    token: t.string({
      description: 'Send it as the X-Preview-Token header, or as `article(previewToken:)`. Keep it secret: it needs no key.',
      // Signed here, with the gateway's secret: the mutation's transaction only checks and records.
      resolve: (grant, _args, context) => signPreviewToken(context.preview.secret, grant),
    }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', description: 'When it stops working.' }),
    article: t.field({ type: Article, description: 'The article it shows.', resolve: (grant) => grant.articleId }),
  }),
});

const CreatePreviewTokenInput = builder.inputType('CreatePreviewTokenInput', {
  description: 'Which article to preview, for how long.',
  fields: (t) => ({
    article: t.id({ required: true, description: 'The article (a draft, or a published one with a pending revision).' }),
    expiresIn: t.int({ description: `Seconds the token works for: ${DEFAULT_EXPIRY_SECONDS} by default, at most ${MAX_EXPIRY_SECONDS} (a week).` }),
  }),
});

editorMutation('createPreviewToken', {
  description: 'Makes a preview token for one article: front ends read it with the token, without an editor key. Recorded in the audit log.',
  input: CreatePreviewTokenInput,
  payload: payloadType('CreatePreviewTokenPayload', 'previewToken', PreviewToken, 'the token'),
  mutation: {
    action: 'article.preview-token',
    input: z.object({
      article: idOf('Article'),
      expiresIn: z.number().int().min(1).max(MAX_EXPIRY_SECONDS).nullish(),
    }),
    async write(db, input) {
      await mustExist(db, 'article', input.article, 'article');
      const expiresAt = new Date(currentInstant().getTime() + (input.expiresIn ?? DEFAULT_EXPIRY_SECONDS) * 1000);
      // The audit record keeps the input (article, expiry), never the token.
      return { result: { articleId: input.article, expiresAt }, entityType: 'article', entityId: input.article };
    },
  },
});
