import type { Kysely } from 'kysely';
import type { Database, NewSource, Source, SourceUpdate } from '../db/types.js';
import { readColumns, source, type RowOf } from '../model/entities.js';
import type { KeysetPage, PageOf } from './keyset.js';
import {
  countRows,
  deleteRow,
  findRowBySlug,
  findRowPage,
  findRowsByIds,
  insertRow,
  nameOrder,
  updateVersioned,
} from './entity-table.js';

/** The columns reads return (and articles read with their source: repositories/article.ts). */
export const sourceColumns = readColumns(source);

/** A source as reads and writes return it: the columns the API shows. */
export type SourceRow = RowOf<typeof source, Source>;

export const sourcesByName = nameOrder('source', 'name');

export const findSourcesByIds = (db: Kysely<Database>, ids: readonly number[]) =>
  findRowsByIds<SourceRow>(db, 'source', sourceColumns, ids);

export const findSourceBySlug = (db: Kysely<Database>, slug: string) =>
  findRowBySlug<SourceRow>(db, 'source', sourceColumns, slug);

export const findSources = (db: Kysely<Database>, page: KeysetPage): Promise<PageOf<SourceRow>> =>
  findRowPage<SourceRow>(db, 'source', sourceColumns, sourcesByName, page);

export const countSources = (db: Kysely<Database>) => countRows(db, 'source');

export const insertSource = (db: Kysely<Database>, values: NewSource) => insertRow<SourceRow>(db, 'source', sourceColumns, values);

export const updateSource = (db: Kysely<Database>, id: number, version: number, values: SourceUpdate) =>
  updateVersioned<SourceRow>(db, 'source', sourceColumns, id, version, values);

export const deleteSource = (db: Kysely<Database>, id: number) => deleteRow<SourceRow>(db, 'source', sourceColumns, id);
