import type { InputFieldMap } from '@pothos/core';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/types.js';
import { findFreeSlug, isSlugTaken, lockRow, rowExists, type EntityTable, type SluggedTable, type VersionedUpdate } from '../repositories/entity-table.js';
import { slug, slugify } from '../validation/fields.js';
import { builder } from './builder.js';
import { globalIdOf, payloadType, refuse, runMutation } from './mutation.js';

// What the mutations of the named entities (sources, people, organisations, projects, topics and
// affiliations) share, on top of mutation.ts: the editor-only field with its `input` argument,
// slugs made from names, versioned updates, and deletes refused while something links the row.
// The four versioned entities differ only in their fields: `versionedEntityMutations` writes
// their create, update and delete from one description each.

type SchemaTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
/** The `t` of an input type's `fields`. */
export type InputFields = PothosSchemaTypes.InputFieldBuilder<SchemaTypes, 'InputObject'>;
type Mutation<Input, Result> = Parameters<typeof runMutation<Input, Result>>[2];
type Db = Kysely<Database>;

/** A Relay-style mutation for editors: one required `input` argument, a payload, one transaction. */
export function editorMutation<Input, Result>(
  name: string,
  field: {
    description: string;
    input: PothosSchemaTypes.InputObjectRef<SchemaTypes, any>;
    payload: ReturnType<typeof payloadType>;
    mutation: Mutation<Input, Result>;
  },
) {
  builder.mutationField(name, (t) =>
    t.field({
      type: field.payload,
      authScopes: { editor: true },
      description: field.description,
      args: { input: t.arg({ type: field.input, required: true, description: 'Everything the mutation needs, in one object.' }) },
      resolve: (_root, { input }, context) => runMutation(context, input, field.mutation),
    }),
  );
}

/** An input field holding the global id of a `typename`: parsed to the row id, else INVALID_ID. */
export const idOf = (typename: string) => z.string().transform(globalIdOf(typename));

/** The `id` and `version` rules of a versioned update. */
const versionedId = (typename: string) => ({ id: idOf(typename), version: z.number().int().positive() });

/** The `id` and `version` fields of a versioned update's input type. */
function versionedIdFields(t: InputFields, what: string) {
  return {
    id: t.id({ required: true, description: `The ${what} to change.` }),
    version: t.int({ required: true, description: 'The version you read: a stale one is refused with VERSION_CONFLICT.' }),
  };
}

/** The input type of a delete: only the id. */
export function deleteInput(typename: string, what: string) {
  return builder.inputType(`Delete${typename}Input`, {
    description: `Which ${what} to delete.`,
    fields: (t) => ({ id: t.id({ required: true, description: `The ${what}.` }) }),
  });
}

/**
 * The columns that input fields set, renamed by `columns` ({ homepage_url: 'homepageUrl' }):
 * a field left out is undefined, which Kysely leaves out of the statement (the column keeps its
 * value); a null clears the column.
 */
export function toColumns<Fields, Columns extends Record<string, keyof Fields>>(
  fields: Fields,
  columns: Columns,
): { [Column in keyof Columns]: Fields[Columns[Column]] } {
  return Object.fromEntries(Object.entries(columns).map(([column, field]) => [column, fields[field as keyof Fields]])) as any;
}

/** A row as it will be once `values` are written: the defined ones replace the stored ones. */
export function withChanges<Row extends object>(row: Row, values: Partial<Row>): Row {
  return { ...row, ...Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) };
}

/** The slug given, refused with SLUG_TAKEN when another row of the table has it. */
export async function freeSlug(db: Db, table: SluggedTable, given: string, exceptId?: number): Promise<string> {
  if (await isSlugTaken(db, table, given, exceptId)) refuse('SLUG_TAKEN', ['slug'], `another ${table} has the slug "${given}"`);
  return given;
}

/** For a new row: the slug given, or a free one made from its name ("Société Générale" → "societe-generale"). */
export async function chooseSlug(db: Db, table: SluggedTable, given: string | null | undefined, name: string) {
  return given ? freeSlug(db, table, given) : findFreeSlug(db, table, slugify(name) || table);
}

/** The updated row, or the refusal: NOT_FOUND, or VERSION_CONFLICT with the version stored now. */
export function updatedOrRefused<Row>(table: SluggedTable, updated: VersionedUpdate<Row>): Row {
  if (!('currentVersion' in updated)) return updated.row;
  const { currentVersion } = updated;
  if (currentVersion === null) refuse('NOT_FOUND', ['id'], `no ${table} has this id`);
  refuse('VERSION_CONFLICT', ['version'], `the ${table} has changed since you read it (now version ${currentVersion})`, currentVersion);
}

/** Refuses a linked id that names no row (the id's type was checked by `idOf`). */
export async function mustExist(db: Db, table: SluggedTable, id: number, path: string | string[]): Promise<void> {
  if (!(await rowExists(db, table, id))) refuse('NOT_FOUND', typeof path === 'string' ? [path] : path, `no ${table} has this id`);
}

/** A date span: the end may not come before the start (either may be unknown). */
export function checkSpan(startedOn: string | null | undefined, endedOn: string | null | undefined): void {
  if (startedOn && endedOn && endedOn < startedOn) refuse('INVALID', ['endedOn'], `must not be before startedOn (${startedOn})`);
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
const listFormat = new Intl.ListFormat('en', { type: 'conjunction' });

/**
 * The mutation that deletes a row for good, refused with IN_USE while anything still links it
 * (`links` counts them by kind, e.g. `{ article: 2, project: 1 }`). The row is locked before the
 * count, so that no link can be added between the count and the delete.
 */
export function deleteUnlessLinked<Row>(spec: {
  table: EntityTable;
  typename: string;
  links: (db: Db, id: number) => Promise<Record<string, number>>;
  remove: (db: Db, id: number) => Promise<Row | null>;
}): Mutation<{ id: number }, Row> {
  return {
    action: `${spec.table}.delete`,
    input: z.object({ id: idOf(spec.typename) }),
    async write(db, { id }) {
      if (!(await lockRow(db, spec.table, id))) refuse('NOT_FOUND', ['id'], `no ${spec.table} has this id`);
      const links = Object.entries(await spec.links(db, id)).filter(([, count]) => count > 0);
      if (links.length > 0) {
        const what = listFormat.format(links.map(([noun, count]) => plural(count, noun)));
        refuse('IN_USE', ['id'], `this ${spec.table} is still linked to ${what}: unlink it first`);
      }
      const row = (await spec.remove(db, id)) ?? refuse('NOT_FOUND', ['id'], `no ${spec.table} has this id`);
      return { result: row, entityType: spec.table, entityId: id };
    },
  };
}

/** How one versioned entity (article, source, person, organisation, project) is written. */
export interface VersionedEntity<
  Shape extends z.ZodRawShape,
  Row extends { id: number },
  Values extends Record<string, unknown>,
  Table extends SluggedTable = SluggedTable,
> {
  /** The GraphQL type, e.g. "Source": names the mutations, inputs, payload and global ids. */
  typename: string;
  table: Table;
  ref: PothosSchemaTypes.ObjectRef<SchemaTypes, any, any>;
  /** The zod rules of its own fields as on creation: all but id, version and slug. */
  fields: Shape;
  /** The field its slug is made from when none is given. */
  nameField: keyof Shape & string;
  /** What of that field the slug is made from, when not all of it (an image's file name, not its whole URL). */
  slugBase?(name: string): string;
  /** The GraphQL input fields matching `fields`; `required` only on creation. */
  inputFields(t: InputFields, create: boolean): InputFieldMap;
  /** The columns the fields set; a field left out is undefined, so the column stays as it is. */
  columns(fields: Partial<z.output<z.ZodObject<Shape>>>): Values;
  /** Checks that need the stored row or the database; `id` is absent on creation. */
  check?(db: Db, values: Values, id?: number): Promise<void>;
  insert(db: Db, values: Record<string, unknown> & { slug: string }): Promise<Row>;
  update(db: Db, id: number, version: number, values: Record<string, unknown>): Promise<VersionedUpdate<Row>>;
  /** How a row is deleted for good; absent when it never is (an article is archived instead). */
  deletion?: Table extends EntityTable ? Deletion<Row> : never;
  describe: { newInput: string };
}

interface Deletion<Row> {
  description: string;
  remove(db: Db, id: number): Promise<Row | null>;
  /** What still links a row, by kind ({ article: 2 }): its delete is refused until none do. */
  links(db: Db, id: number): Promise<Record<string, number>>;
}

const aOrAn = (noun: string) => `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;

/** Registers `create<T>`, `update<T>` and (when it has one) `delete<T>` for a versioned entity; returns its payload type. */
export function versionedEntityMutations<
  Shape extends z.ZodRawShape,
  Row extends { id: number },
  Values extends Record<string, unknown>,
  Table extends SluggedTable,
>(entity: VersionedEntity<Shape, Row, Values, Table>) {
  const { typename, table } = entity;
  const afterDelete = entity.deletion ? ' (after a delete: as it was)' : '';
  const payload = payloadType(`${typename}Payload`, table, entity.ref, `the ${table} as it now is${afterDelete}`);
  const slugRule = { slug: slug.nullish() };
  // Zod cannot follow a generic shape through `extend` and `partial`: the parsed input is typed here.
  type Given = Partial<z.output<z.ZodObject<Shape>>>;
  type Fields = Record<string, any> & { slug?: string | null };

  editorMutation(`create${typename}`, {
    description: `Creates ${aOrAn(table)}.`,
    payload,
    input: builder.inputType(`Create${typename}Input`, { description: entity.describe.newInput, fields: (t) => entity.inputFields(t, true) }),
    mutation: {
      action: `${table}.create`,
      input: z.object({ ...entity.fields, ...slugRule }) as z.ZodType<Fields>,
      async write(db, input) {
        const values = entity.columns(input as Given);
        await entity.check?.(db, values);
        const given = String(input[entity.nameField]);
        const name = entity.slugBase ? entity.slugBase(given) : given;
        const row = await entity.insert(db, { ...values, slug: await chooseSlug(db, table, input.slug, name) });
        return { result: row, entityType: table, entityId: row.id };
      },
    },
  });

  editorMutation(`update${typename}`, {
    description: `Changes ${aOrAn(table)}, if nobody changed it since you read \`version\`.`,
    payload,
    input: builder.inputType(`Update${typename}Input`, {
      description: `Changes to ${aOrAn(table)}: only the fields given change; a null clears an optional one.`,
      fields: (t) => ({ ...versionedIdFields(t, table), ...entity.inputFields(t, false) }),
    }),
    mutation: {
      action: `${table}.update`,
      input: z.object({ ...versionedId(typename), ...z.object(entity.fields).partial().shape, ...slugRule }) as z.ZodType<
        Fields & { id: number; version: number }
      >,
      async write(db, { id, version, slug: newSlug, ...changes }) {
        const values = entity.columns(changes as Given);
        await entity.check?.(db, values, id);
        const slugValue = newSlug ? await freeSlug(db, table, newSlug, id) : undefined;
        const updated = await entity.update(db, id, version, { ...values, slug: slugValue });
        return { result: updatedOrRefused(table, updated), entityType: table, entityId: id };
      },
    },
  });

  const deletion: Deletion<Row> | undefined = entity.deletion;
  if (deletion) {
    editorMutation(`delete${typename}`, {
      description: deletion.description,
      payload,
      input: deleteInput(typename, table),
      // Only an EntityTable can have a `deletion` (see VersionedEntity).
      mutation: deleteUnlessLinked({ table: table as EntityTable, typename, links: deletion.links, remove: deletion.remove }),
    });
  }

  return payload;
}
