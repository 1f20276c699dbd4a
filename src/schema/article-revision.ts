import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { ArticleRevision, Database } from '../db/types.js';
import { articleFields, type ArticleRow } from '../repositories/article.js';
import { findRevisionsByArticleIds, revisedFields, takeRevision, writeRevision } from '../repositories/article-revision.js';
import { updateVersioned } from '../repositories/entity-table.js';
import { articleRules } from '../validation/entities.js';
import { ArticlePayload, currentArticle } from './article.js';
import { builder } from './builder.js';
import { editorMutation, idOf, updatedOrRefused } from './entity-mutations.js';
import { refuse } from './mutation.js';
import { Article } from './refs.js';

// Revisions: a published article's change prepared apart (updateArticleRevision), invisible to
// readers, shown by a preview token, and published in one versioned step
// (publishArticleRevision): the live page changes only then.

const ArticleRevisionRef = builder.objectRef<ArticleRevision>('ArticleRevision').implement({
  description: 'The pending change of a published article: readers see the live version until it is published.',
  fields: (t) => ({
    title: t.exposeString('title', { description: 'Headline as it will be.' }),
    lead: t.exposeString('lead', { nullable: true, description: 'Standfirst as it will be.' }),
    body: t.exposeString('body', { nullable: true, description: 'Full text as it will be.' }),
    language: t.exposeString('language', { description: 'BCP 47 language tag as it will be.' }),
    updatedAt: t.expose('updated_at', { type: 'DateTime', description: 'When it last changed.' }),
  }),
});

builder.objectFields(Article, (t) => ({
  pendingRevision: t.field({
    type: ArticleRevisionRef,
    nullable: true,
    description: 'Editors only (null for everyone else): the change prepared with updateArticleRevision, not yet published.',
    resolve: async (article, _args, context) => {
      if (context.audience !== 'editor') return null;
      const loader = context.loader('Article.pendingRevision', async (ids) => {
        const revisions = await findRevisionsByArticleIds(context.db, ids);
        return ids.map((id) => revisions.get(id) ?? null);
      });
      return loader.load(article.id);
    },
  }),
}));

const revisionRules = z.object({
  id: idOf('Article'),
  title: articleRules.title.optional(),
  lead: articleRules.lead,
  body: articleRules.body,
  language: articleRules.language.optional(),
});

const UpdateArticleRevisionInput = builder.inputType('UpdateArticleRevisionInput', {
  description: "Changes to a published article's pending revision (started from the live text): only the fields given change.",
  fields: (t) => ({
    id: t.id({ required: true, description: 'The published article.' }),
    title: t.string({ description: 'Headline, 1 to 500 characters.' }),
    lead: t.string({ description: 'Standfirst, up to 2 000 characters; null clears it.' }),
    body: t.string({ description: 'Full text, up to 200 000 characters; null clears it.' }),
    language: t.string({ description: 'BCP 47 tag, e.g. "fr".' }),
  }),
});

const PublishRevisionInput = builder.inputType('PublishArticleRevisionInput', {
  description: 'Which article’s pending revision to publish, at which version of the article.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The article.' }),
    version: t.int({ required: true, description: 'The version of the article you read: a stale one is refused with VERSION_CONFLICT.' }),
  }),
});

/** The stored article, refused unless it is published: a draft is changed directly. */
async function publishedArticle(db: Kysely<Database>, id: number): Promise<ArticleRow> {
  const article = await currentArticle(db, id);
  if (article.status !== 'published') refuse('INVALID', ['id'], 'only a published article has revisions: change a draft with updateArticle');
  return article;
}

editorMutation('updateArticleRevision', {
  description: 'Prepares a change to a published article without changing what readers see: publish it with publishArticleRevision.',
  input: UpdateArticleRevisionInput,
  payload: ArticlePayload,
  mutation: {
    action: 'article.revise',
    input: revisionRules,
    async write(db, { id, ...values }) {
      const article = await publishedArticle(db, id);
      await writeRevision(db, article, values);
      return { result: article, entityType: 'article', entityId: id };
    },
  },
});

editorMutation('publishArticleRevision', {
  description: "Publishes an article's pending revision in one step, if nobody changed the article since you read `version`.",
  input: PublishRevisionInput,
  payload: ArticlePayload,
  mutation: {
    action: 'article.publish-revision',
    input: z.object({ id: idOf('Article'), version: z.number().int().positive() }),
    async write(db, { id, version }) {
      const revision = (await takeRevision(db, id)) ?? refuse('NOT_FOUND', ['id'], 'this article has no pending revision');
      const revised = Object.fromEntries(revisedFields.map((field) => [field, revision[field]]));
      const updated = await updateVersioned<ArticleRow>(db, 'article', articleFields, id, version, revised);
      return { result: updatedOrRefused('article', updated), entityType: 'article', entityId: id };
    },
  },
});

editorMutation('discardArticleRevision', {
  description: "Drops an article's pending revision: the live version stays as it is.",
  input: builder.inputType('DiscardArticleRevisionInput', {
    description: 'Which article’s pending revision to drop.',
    fields: (t) => ({ id: t.id({ required: true, description: 'The article.' }) }),
  }),
  payload: ArticlePayload,
  mutation: {
    action: 'article.discard-revision',
    input: z.object({ id: idOf('Article') }),
    async write(db, { id }) {
      const article = await currentArticle(db, id);
      if (!(await takeRevision(db, id))) refuse('NOT_FOUND', ['id'], 'this article has no pending revision');
      return { result: article, entityType: 'article', entityId: id };
    },
  },
});
