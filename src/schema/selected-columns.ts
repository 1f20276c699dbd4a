import { Kind, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

// Lists read only the columns the query asks for: a page of article titles does not need to
// load twenty bodies, nor a list of people their descriptions. An exposed field names its
// column (Pothos records it as `pothosExposedField`); other fields are listed below with the
// columns their resolvers read. A field found in neither loads the whole row, so a new computed
// field is correct before it is listed here, only not as lean.

const COMPUTED_FIELD_COLUMNS: Record<string, Record<string, readonly string[]>> = {
  Article: { source: ['source_id'], people: [], organisations: [], projects: [], topics: [], related: [] },
  Person: { affiliations: [], articles: [] },
  Organisation: { affiliations: [], articles: [], projects: [] },
  Project: {
    budget: ['budget_amount', 'budget_currency'],
    location: ['location_name', 'location_country'],
    articles: [],
    organisations: [],
  },
  Topic: { articles: [] },
};

/** The path from a connection field to its nodes. */
export const EDGE_NODE = ['edges', 'node'] as const;

/** Fields every type has: `id` reads the id, which every row has (cursors and nested lists use it too). */
const ALWAYS: Record<string, readonly string[]> = { id: [], __typename: [] };

const cache = new WeakMap<FieldNode, Map<string, ReadonlySet<string> | null>>();

/**
 * The columns of `typeName` rows that the selection under the resolving field needs, following
 * `path` (e.g. ['edges', 'node'] for a connection); null when the whole row is needed. Worked
 * out once per field of a cached document.
 */
export function selectedColumns(info: GraphQLResolveInfo, typeName: string, path: readonly string[]): ReadonlySet<string> | null {
  const key = `${typeName}:${path.join('.')}`;
  let known = cache.get(info.fieldNodes[0]!);
  if (!known) cache.set(info.fieldNodes[0]!, (known = new Map()));
  if (!known.has(key)) known.set(key, columnsOf(info, info.schema.getType(typeName) as GraphQLObjectType, path));
  return known.get(key)!;
}

function columnsOf(info: GraphQLResolveInfo, type: GraphQLObjectType, path: readonly string[]): ReadonlySet<string> | null {
  let sets = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const step of path) {
    sets = fieldsIn(info, sets)
      .filter((field) => field.name.value === step)
      .flatMap((field) => (field.selectionSet ? [field.selectionSet] : []));
  }
  const fields = type.getFields();
  const columns = new Set<string>(['id']);
  for (const field of fieldsIn(info, sets)) {
    const name = field.name.value;
    const exposed = fields[name]?.extensions?.['pothosExposedField'];
    const read = typeof exposed === 'string' ? [exposed] : (ALWAYS[name] ?? COMPUTED_FIELD_COLUMNS[type.name]?.[name]);
    if (!read) return null;
    for (const column of read) columns.add(column);
  }
  return columns;
}

/** The fields of selection sets, fragments spread in; conditions (@include, type) are ignored: reading more is safe. */
function fieldsIn(info: GraphQLResolveInfo, sets: readonly SelectionSetNode[]): FieldNode[] {
  return sets.flatMap((set) =>
    set.selections.flatMap((selection): FieldNode[] => {
      if (selection.kind === Kind.FIELD) return [selection];
      if (selection.kind === Kind.INLINE_FRAGMENT) return fieldsIn(info, [selection.selectionSet]);
      const fragment = info.fragments[selection.name.value];
      return fragment ? fieldsIn(info, [fragment.selectionSet]) : [];
    }),
  );
}
