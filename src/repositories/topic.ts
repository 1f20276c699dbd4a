import type { Kysely } from 'kysely';
import type { Database, NewTopic, Topic } from '../db/types.js';
import type { KeysetPage, PageOf } from './keyset.js';
import {
  countRows,
  deleteRow,
  findRowBySlug,
  findRowPage,
  findRowsByIds,
  insertRow,
  nameOrder,
  updateRow,
} from './entity-table.js';
import { countLinkedByParentIds, findLinkedPages } from './linked-page.js';
import { readColumns, topic, type RowOf } from '../model/entities.js';
import { articleTopic } from '../model/links.js';

const topicColumns = readColumns(topic);

/** A topic as reads and writes return it: the columns the API shows. */
export type TopicRow = RowOf<typeof topic, Topic>;

export const topicsByName = nameOrder('topic', 'name');

export const findTopicsByIds = (db: Kysely<Database>, ids: readonly number[]) =>
  findRowsByIds<TopicRow>(db, 'topic', topicColumns, ids);

export const findTopicBySlug = (db: Kysely<Database>, slug: string) =>
  findRowBySlug<TopicRow>(db, 'topic', topicColumns, slug);

export const findTopics = (db: Kysely<Database>, page: KeysetPage): Promise<PageOf<TopicRow>> =>
  findRowPage<TopicRow>(db, 'topic', topicColumns, topicsByName, page);

export const countTopics = (db: Kysely<Database>) => countRows(db, 'topic');

export const findTopicPagesByArticleIds = (db: Kysely<Database>, articleIds: readonly number[], page: KeysetPage, wanted?: ReadonlySet<string> | null) =>
  findLinkedPages<TopicRow>(db, articleTopic, articleIds, page, wanted);

export const countTopicsByArticleIds = (db: Kysely<Database>, articleIds: readonly number[]) =>
  countLinkedByParentIds(db, articleTopic, articleIds);

export const insertTopic = (db: Kysely<Database>, values: NewTopic) => insertRow<TopicRow>(db, 'topic', topicColumns, values);

/** Topics have no version: a rename is small and last-writer-wins. */
export const updateTopic = (db: Kysely<Database>, id: number, values: Partial<Pick<Topic, 'name' | 'slug'>>) =>
  updateRow<TopicRow>(db, 'topic', topicColumns, id, values);

export const deleteTopic = (db: Kysely<Database>, id: number) => deleteRow<TopicRow>(db, 'topic', topicColumns, id);
