import type { Context } from '../context.js';
import { orNotFound } from '../errors.js';
import { countTopics, findTopicBySlug, findTopics, findTopicsByIds } from '../repositories/topic.js';
import { ArticleConnection, loadArticlesOf } from './article.js';
import { builder } from './builder.js';
import { parseRowId } from './global-id.js';
import { lookupArgs, oneLookup, resolveByName } from './shared.js';

export const Topic = builder.loadableNodeRef('Topic', {
  id: { resolve: (topic) => topic.id, parse: parseRowId },
  load: async (ids: number[], context: Context) => orNotFound('Topic', ids, await findTopicsByIds(context.db, ids)),
});

Topic.implement({
  description: 'A subject articles are filed under, e.g. "intelligence-artificielle".',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Unique, URL-safe name.' }),
    name: t.exposeString('name', { description: 'Label shown to readers.' }),
    articles: t.loadable({
      type: ArticleConnection,
      byPath: true,
      description: 'Articles filed under it, newest first.',
      args: t.arg.connectionArgs(),
      load: loadArticlesOf('topic', 'Topic.articles'),
      resolve: (topic) => topic.id,
    }),
  }),
});

const TopicConnection = builder.connectionObject({ type: Topic, name: 'TopicConnection', description: 'A page of topics.' });

export const ArticleTopicConnection = builder.connectionObject({
  type: Topic,
  name: 'ArticleTopicConnection',
  description: "A page of an article's topics.",
});

builder.queryFields((t) => ({
  topic: t.field({
    type: Topic,
    nullable: true,
    description: 'One topic by slug or by id (give exactly one); null when there is none.',
    args: lookupArgs(t),
    resolve: (_root, args, context) =>
      oneLookup(args, 'Topic', {
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
