import { Kind, type FieldNode, type FragmentDefinitionNode, type GraphQLObjectType, type GraphQLResolveInfo, type GraphQLSchema, type NamedTypeNode, type SelectionSetNode } from 'graphql';
import type { Context } from '../context.js';
import { computedFieldColumns } from '../model/field-columns.js';

// Lists read only the columns the query asks for: a page of article titles does not need to
// load twenty bodies, nor a list of people their descriptions. An exposed field names its
// column (Pothos records it as `pothosExposedField`); other fields are listed in the content model
// (src/model) with the columns their resolvers read. A field found in neither loads the whole
// row, so a new computed field is correct before it is described there, only not as lean.


/** The path from a connection field to its nodes. */
export const EDGE_NODE = ['edges', 'node'] as const;

/** Fields every type has: `id` reads the id, which every row has (cursors and nested lists use it too). */
const ALWAYS: Record<string, readonly string[]> = { id: [], __typename: [] };

/** A worked-out selection, with everything it was worked out from besides the schema. */
interface Worked {
  type: GraphQLObjectType;
  path: string;
  /** All the field nodes of the resolving field, in order: graphql-js merges them by response key. */
  fieldNodes: readonly FieldNode[];
  /** The fragment definitions the selection spread, by name. */
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  columns: ReadonlySet<string> | null;
}

// Keyed on the first field node only to find the candidates (an AST node belongs to one
// document, which the parse cache keeps); a result is reused only where every input matches.
const cache = new WeakMap<FieldNode, Worked[]>();

/**
 * The columns of `typeName` rows that the selection under the resolving field needs, following
 * `path` (e.g. ['edges', 'node'] for a connection); null when the whole row is needed, or when
 * optimisations are off (OPTIMISATIONS=false). Worked out once per field of a cached document.
 */
export function selectedColumns(
  context: Pick<Context, 'optimisations'>,
  info: GraphQLResolveInfo,
  typeName: string,
  path: readonly string[],
): ReadonlySet<string> | null {
  if (!context.optimisations) return null;
  const type = info.schema.getType(typeName) as GraphQLObjectType;
  const pathKey = path.join('.');
  const sameField = (worked: Worked) =>
    worked.type === type && worked.path === pathKey && sameItems(worked.fieldNodes, info.fieldNodes);
  const candidates = cache.get(info.fieldNodes[0]!) ?? [];
  const known = candidates.find(
    (worked) => sameField(worked) && [...worked.fragments].every(([name, fragment]) => info.fragments[name] === fragment),
  );
  if (known) return known.columns;
  const spread = new Map<string, FragmentDefinitionNode>();
  const columns = columnsOf({ byName: info.fragments, spread }, info.fieldNodes, type, path, info.schema);
  const worked: Worked = { type, path: pathKey, fieldNodes: [...info.fieldNodes], fragments: spread, columns };
  cache.set(info.fieldNodes[0]!, [...candidates.filter((other) => !sameField(other)), worked]);
  return columns;
}

/** Whether the selection under the resolving field reaches `path` (conditions ignored, as below). */
export function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  const fragments: Fragments = { byName: info.fragments, spread: new Map() };
  let sets = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const step of path) {
    const fields = fieldsIn(fragments, sets).filter((field) => field.name.value === step);
    if (fields.length === 0) return false;
    sets = fields.flatMap((field) => (field.selectionSet ? [field.selectionSet] : []));
  }
  return true;
}

const sameItems = <Item>(one: readonly Item[], other: readonly Item[]) =>
  one.length === other.length && one.every((item, index) => item === other[index]);

/** The document's fragments, and the ones a selection spread so far (what the result depends on). */
interface Fragments {
  byName: GraphQLResolveInfo['fragments'];
  spread: Map<string, FragmentDefinitionNode>;
}

function columnsOf(
  fragments: Fragments,
  fieldNodes: readonly FieldNode[],
  type: GraphQLObjectType,
  path: readonly string[],
  schema: GraphQLSchema,
): ReadonlySet<string> | null {
  let sets = fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const step of path) {
    sets = fieldsIn(fragments, sets)
      .filter((field) => field.name.value === step)
      .flatMap((field) => (field.selectionSet ? [field.selectionSet] : []));
  }
  const fields = type.getFields();
  const columns = new Set<string>(['id']);
  // A union's other members (search results: `... on Person { fullName }`) select nothing of this
  // type. An object type is told by its class, as the schema's own: isObjectType's instanceof
  // fails where graphql is loaded twice (ESM and CommonJS, as under vitest).
  const otherObject = (condition: NamedTypeNode) => {
    const named = schema.getType(condition.name.value);
    return named !== type && named !== undefined && named !== null && Object.getPrototypeOf(named) === Object.getPrototypeOf(type);
  };
  for (const field of fieldsIn(fragments, sets, otherObject)) {
    const name = field.name.value;
    const exposed = fields[name]?.extensions?.['pothosExposedField'];
    const read = typeof exposed === 'string' ? [exposed] : (ALWAYS[name] ?? computedFieldColumns[type.name]?.[name]);
    if (!read) return null;
    for (const column of read) columns.add(column);
  }
  return columns;
}

/**
 * The fields of selection sets, fragments spread in, but those of fragments on a type `skipped`
 * tells; other conditions (@include, interfaces) are ignored: reading more is safe.
 */
function fieldsIn(fragments: Fragments, sets: readonly SelectionSetNode[], skipped: (condition: NamedTypeNode) => boolean = () => false): FieldNode[] {
  return sets.flatMap((set) =>
    set.selections.flatMap((selection): FieldNode[] => {
      if (selection.kind === Kind.FIELD) return [selection];
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        return selection.typeCondition && skipped(selection.typeCondition) ? [] : fieldsIn(fragments, [selection.selectionSet], skipped);
      }
      const fragment = fragments.byName[selection.name.value];
      if (!fragment) return [];
      fragments.spread.set(selection.name.value, fragment);
      return skipped(fragment.typeCondition) ? [] : fieldsIn(fragments, [fragment.selectionSet], skipped);
    }),
  );
}
