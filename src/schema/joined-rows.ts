import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.js';
import { entities } from '../model/entities.js';
import type { SourceJoin } from '../repositories/article.js';
import { pickColumns } from '../repositories/entity-table.js';
import { sourceColumns } from '../repositories/source.js';
import { selectedColumns, selects } from './selected-columns.js';

// Rows read with the row one of their fields points to, in the same statement, when the query
// asks for it: articles with their source, affiliations with their organisation (or person).
// A page of twenty articles and their sources is one statement, not two, and the field returns
// the joined row instead of an id for its loader.

/**
 * The columns to read of the `typeName` row that the field at `path` (under the resolving
 * field) points to: those it selects; undefined when nothing selects that field, or with
 * OPTIMISATIONS=false, which leaves it to the field's loader.
 */
export function joinedColumns(
  context: Context,
  info: GraphQLResolveInfo,
  path: readonly string[],
  typeName: string,
  columns: readonly string[],
): readonly string[] | undefined {
  if (!context.optimisations || !selects(info, path)) return undefined;
  return pickColumns(columns, selectedColumns(context, info, typeName, path));
}

/** The source columns to read with the articles at `path`. */
export const sourceJoin = (context: Context, info: GraphQLResolveInfo, path: readonly string[]): SourceJoin =>
  joinedColumns(context, info, [...path, 'source'], entities.source.graphqlType, sourceColumns);

/**
 * What a field pointing to another row resolves to: the row read with its parent (of the
 * selected columns, which only go to the fields that selected them), or else its id for the loader.
 */
export function joinedOrId<Row, Id extends number | null>(joined: Partial<Row> | null | undefined, id: Id): Row | Id {
  // Joined with a left join, the row is null exactly where the id is.
  return joined !== undefined ? (joined as Row | Id) : id;
}
