import { z } from 'zod';
import { countArticleLinks } from '../repositories/article.js';
import {
  countTopics,
  deleteTopic,
  findTopicBySlug,
  findTopics,
  insertTopic,
  updateTopic,
} from '../repositories/topic.js';
import { topicRules } from '../validation/entities.js';
import { slug } from '../validation/fields.js';
import { builder } from './builder.js';
import { chooseSlug, deleteInput, deleteUnlessLinked, editorMutation, freeSlug, idOf } from './entity-mutations.js';
import { resolveArticlesOf } from './link-loads.js';
import { payloadType, refuse } from './mutation.js';
import { ArticleConnection, Topic } from './refs.js';
import { lookupArgs, oneLookup, resolveByName } from './shared.js';

Topic.implement({
  description: 'A subject articles are filed under, e.g. "intelligence-artificielle".',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Unique, URL-safe name.' }),
    name: t.exposeString('name', { description: 'Label shown to readers.' }),
    articles: t.field({
      type: ArticleConnection,
      description: 'Articles filed under it, newest first.',
      args: t.arg.connectionArgs(),
      resolve: resolveArticlesOf('topic', 'Topic.articles'),
    }),
  }),
});

const TopicConnection = builder.connectionObject({ type: Topic, name: 'TopicConnection', description: 'A page of topics.' });

builder.queryFields((t) => ({
  topic: t.field({
    type: Topic,
    nullable: true,
    description: 'One topic by slug or by id (give exactly one); null when there is none.',
    args: lookupArgs(t),
    resolve: (_root, args, context) =>
      oneLookup(context.db, args, 'Topic', {
        bySlug: (slug) => findTopicBySlug(context.db, slug),
        byId: (id) => Topic.getDataloader(context).load(id),
      }),
  }),
  topics: t.field({
    type: TopicConnection,
    description: 'All topics, by name.',
    args: t.arg.connectionArgs(),
    resolve: (_root, args, context) =>
      resolveByName(args, (page) => findTopics(context.db, page), () => countTopics(context.db)),
  }),
}));

// ——— Writing topics (editors only) ———
// Topics have no version: a name and a slug, small enough that the last change wins.

const TopicPayload = payloadType('TopicPayload', 'topic', Topic, 'the topic as it now is (after a delete: as it was)');

// The slug is made from the name when left out.
const createTopicInput = z.object({ ...topicRules, slug: slug.nullish() });
const updateTopicInput = z.object({ ...z.object(topicRules).partial().shape, id: idOf('Topic'), slug: slug.nullish() });

const CreateTopicInput = builder.inputType('CreateTopicInput', {
  description: 'A new topic to file articles under; link it to articles with `linkArticle`.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Label shown to readers, 1 to 200 characters.' }),
    slug: t.string({ description: 'Unique slug; made from the name when left out ("Économie locale" → "economie-locale").' }),
  }),
});

const UpdateTopicInput = builder.inputType('UpdateTopicInput', {
  description: 'Changes to a topic: only the fields given change. Topics have no version: the last change wins.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The topic to change.' }),
    name: t.string({ description: 'Label shown to readers, 1 to 200 characters.' }),
    slug: t.string({ description: 'A new unique slug (the old one stops working).' }),
  }),
});

editorMutation('createTopic', {
  description: 'Creates a topic.',
  input: CreateTopicInput,
  payload: TopicPayload,
  mutation: {
    action: 'topic.create',
    input: createTopicInput,
    async write(db, topic) {
      const row = await insertTopic(db, { name: topic.name, slug: await chooseSlug(db, 'topic', topic.slug, topic.name) });
      return { result: row, entityType: 'topic', entityId: row.id };
    },
  },
});

editorMutation('updateTopic', {
  description: 'Renames a topic or changes its slug (no version: the last change wins).',
  input: UpdateTopicInput,
  payload: TopicPayload,
  mutation: {
    action: 'topic.update',
    input: updateTopicInput,
    async write(db, changes) {
      const slug = changes.slug ? await freeSlug(db, 'topic', changes.slug, changes.id) : undefined;
      const row = (await updateTopic(db, changes.id, { name: changes.name, slug })) ?? refuse('NOT_FOUND', ['id'], 'no topic has this id');
      return { result: row, entityType: 'topic', entityId: changes.id };
    },
  },
});

editorMutation('deleteTopic', {
  description: 'Deletes a topic for good; refused (IN_USE) while articles are filed under it.',
  input: deleteInput('Topic', 'topic'),
  payload: TopicPayload,
  mutation: deleteUnlessLinked({
    table: 'topic',
    typename: 'Topic',
    links: async (db, id) => ({ article: await countArticleLinks(db, 'topic', id) }),
    remove: deleteTopic,
  }),
});
