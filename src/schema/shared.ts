import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import { ErrorCode, clientError, nullIfNotFound } from '../errors.js';
import { entities } from '../model/entities.js';
import { findIdByFormerSlug } from '../repositories/slug-history.js';
import type { PageKind } from '../site.js';
import { builder } from './builder.js';
import type { KeysetPage, PageOf } from '../repositories/keyset.js';
import { rowIdOf } from './global-id.js';
import { toConnection, toKeysetPage, type ConnectionArgs } from './pagination.js';

export const SortDirection = builder.enumType('SortDirection', {
  description: 'Ascending (A to Z, oldest first) or descending.',
  values: {
    ASC: { value: 'asc', description: 'Smallest first.' },
    DESC: { value: 'desc', description: 'Largest (newest) first.' },
  } as const,
});

/** `slug` and `id` arguments of a root lookup such as `article(slug:)`. */
export function lookupArgs(t: PothosSchemaTypes.QueryFieldBuilder<typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never, object>) {
  return {
    slug: t.arg.string({ description: 'The unique slug, as in the URL.' }),
    id: t.arg.globalID({ description: 'The global id.' }),
  };
}

export interface LookupArgs {
  slug?: string | null;
  id?: { typename: string; id: string } | null;
}

/**
 * Resolves a root lookup given exactly one of slug and id; an id of another type is refused. A
 * slug the object had before still finds it (slug-history.ts): old links keep working.
 */
export async function oneLookup<T>(
  db: Kysely<Database>,
  args: LookupArgs,
  typename: string,
  find: { bySlug: (slug: string) => Promise<T | null>; byId: (id: number) => Promise<T> },
): Promise<T | null> {
  if ((args.slug == null) === (args.id == null)) {
    throw clientError(ErrorCode.invalidArgument, 'Give exactly one of `slug` and `id`.');
  }
  if (args.id != null) return nullIfNotFound(find.byId(rowIdOf(args.id, typename)));
  const found = await find.bySlug(args.slug!);
  if (found !== null) return found;
  const formerId = await findIdByFormerSlug(db, tableOfType(typename), args.slug!);
  return formerId === null ? null : nullIfNotFound(find.byId(formerId));
}

/** The table of the slugged entity a GraphQL type is. */
function tableOfType(typename: string): PageKind {
  const entity = Object.values(entities).find((entity) => entity.graphqlType === typename);
  if (!entity || !('slug' in entity.columns)) throw new Error(`${typename} has no slug`);
  return entity.table as PageKind;
}

/** A root list in name order: `sources`, `people`, `organisations`, `projects`, `topics`. */
export async function resolveByName<Row extends { id: number }>(
  args: ConnectionArgs,
  find: (page: KeysetPage) => Promise<PageOf<Row>>,
  count: () => Promise<number>,
) {
  return toConnection(await find(toKeysetPage(args, 'NAME')), 'NAME', count);
}

/** Edge options for a link whose role sits on the edge, e.g. `people { edges { role node } }`. */
export function roleEdge<Role extends string>(
  name: string,
  role: PothosSchemaTypes.EnumRef<any, Role>,
  description: string,
) {
  return {
    name,
    fields: (t: any) => ({
      role: t.field({ type: role, description, resolve: (edge: { role: Role }) => edge.role }),
    }),
  };
}
