import {
  getNamedType,
  isAbstractType,
  isLeafType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { encodeGlobalId } from '../../src/schema/global-id.js';
import { encodeCursor } from '../../src/schema/pagination.js';
import { mulberry32 } from '../../src/content/synthetic-corpus.js';

// Random, valid queries walked from the schema, for tests that compare two ways of answering
// them (tests/oracle.test.ts). Everything comes from a seeded PRNG: a seed replays its query.

/** What the database holds, to give arguments values that find something. */
export interface SampleContent {
  /** Slugs and row ids per object type with a `slug` lookup (Article, Source, Person...). */
  rows: Record<string, Array<{ id: number; slug: string }>>;
  /** Words for full-text search. */
  words: string[];
}

export interface GeneratedQuery {
  query: string;
  variables: Record<string, unknown>;
}

/** The seeded PRNG of the synthetic corpus (mulberry32): the same queries for a seed, everywhere. */
export const seededRandom = mulberry32;

/** Levels of fields and fragments (the gateway's depth counts both), under its MAX_DEPTH (10). */
const MAX_LEVELS = 10;
/** Under the gateway's MAX_ALIASES (20). */
const MAX_ALIASES = 8;
/**
 * Root fields left out: the audit log is for editors and empty here; API keys show when each was
 * last used, which every request (and each gateway compared) moves.
 */
const SKIPPED_ROOT_FIELDS = new Set(['auditLog', 'apiKeys']);

/**
 * The order each kind of connection writes into its cursors (src/schema/pagination.ts): a cursor
 * of the right order makes `after` page rather than be refused. Connections not listed get no `after`.
 */
const CURSOR_ORDERS: Record<string, string> = {
  ArticlePersonConnection: 'POSITION',
  ArticleOrganisationConnection: 'POSITION',
  ArticleProjectConnection: 'POSITION',
  ArticleTopicConnection: 'POSITION',
  OrganisationProjectConnection: 'POSITION',
  ProjectOrganisationConnection: 'POSITION',
  LinkedArticleConnection: 'LISTED_AT_DESC',
  ArticleConnection: 'LISTED_AT_DESC',
  SourceConnection: 'NAME',
  PersonConnection: 'NAME',
  OrganisationConnection: 'NAME',
  ProjectConnection: 'NAME',
  TopicConnection: 'NAME',
};

/** One query: fields chosen at random, arguments from the sample content, some as variables. */
export function generateQuery(schema: GraphQLSchema, content: SampleContent, random: () => number): GeneratedQuery {
  return new QueryWriter(schema, content, random).write();
}

class QueryWriter {
  readonly #variables: Array<{ name: string; type: string; value: unknown }> = [];
  /** Named fragments: each holds one field, written for fields at `level`. */
  readonly #fragments: Array<{ name: string; type: string; field: GraphQLField<unknown, unknown>; level: number; text: string }> = [];
  /** Arguments and directive per field coordinate: fields that graphql-js merges must agree on them. */
  readonly #heads = new Map<string, string>();
  #aliases = 0;

  constructor(
    readonly schema: GraphQLSchema,
    readonly content: SampleContent,
    readonly random: () => number,
  ) {}

  write(): GeneratedQuery {
    const root = this.schema.getQueryType()!;
    const fields = Object.values(root.getFields()).filter((field) => !SKIPPED_ROOT_FIELDS.has(field.name) && this.#canFill(field));
    const selections = this.#sample(fields, 1 + this.#int(3)).map((field) => this.#field(root, field, 1));
    const declared = this.#variables.map(({ name, type }) => `$${name}: ${type}`).join(', ');
    const operation = `query${declared ? ` (${declared})` : ''} { ${selections.join(' ')} }`;
    return {
      query: [operation, ...this.#fragments.map(({ text }) => text)].join('\n'),
      variables: Object.fromEntries(this.#variables.map(({ name, value }) => [name, value])),
    };
  }

  /** A field of `parent` with its arguments and, if it has one, a selection; sometimes aliased. */
  #field(parent: GraphQLNamedType, field: GraphQLField<unknown, unknown>, level: number): string {
    const alias = this.#aliases < MAX_ALIASES && this.#chance(0.15) ? `a${++this.#aliases}: ` : '';
    const coordinate = `${parent.name}.${field.name}`;
    if (!this.#heads.has(coordinate)) {
      const args = this.#arguments(field);
      this.#heads.set(coordinate, `${field.name}${args.length ? `(${args.join(', ')})` : ''}${this.#directive()}`);
    }
    const head = `${alias}${this.#heads.get(coordinate)}`;
    const type = getNamedType(field.type);
    if (isLeafType(type)) return head;
    const selection = this.#selection(type, level + 1);
    // The same field again with another selection: graphql-js merges both.
    if (this.#chance(0.1)) return `${head} { ${selection} } ${head} { ${this.#selection(type, level + 1)} }`;
    return `${head} { ${selection} }`;
  }

  /** The selection set of an object, interface or union type at `level`. */
  #selection(type: GraphQLNamedType, level: number): string {
    if (isAbstractType(type)) {
      // Each inline fragment is one more level.
      const possible = level < MAX_LEVELS ? this.#sample([...this.schema.getPossibleTypes(type)], 1 + this.#int(3)) : [];
      const common = 'getFields' in type && this.#chance(0.5) ? ['id'] : [];
      return [...common, '__typename', ...possible.map((object) => `... on ${object.name} { ${this.#selection(object, level + 1)} }`)].join(' ');
    }
    const object = type as GraphQLObjectType;
    const fields = Object.values(object.getFields()).filter((field) => this.#canFill(field));
    const parts = this.#sample(fields, 1 + this.#int(3)).map((field) => this.#part(object, field, level, this.random()));
    // A fragment spread again elsewhere, often beside its own field with another selection (in
    // yet another fragment, or not): graphql-js merges them into one field of several nodes.
    // Fragments of lists first: their columns are worked out from the merged field nodes.
    const fitting = this.#fragments.filter((fragment) => fragment.type === object.name && fragment.level >= level + 2);
    const lists = fitting.filter((fragment) => !isLeafType(getNamedType(fragment.field.type)));
    const reusable = lists.length > 0 ? lists : fitting;
    if (reusable.length > 0 && this.#chance(0.8)) {
      const fragment = this.#pick(reusable);
      const spread = `...${fragment.name}`;
      const beside = this.#chance(0.9) ? [this.#part(object, fragment.field, level, this.random() * 0.45)] : [];
      parts.push(...(this.#chance(0.5) ? [spread, ...beside] : [...beside, spread]));
    }
    if (this.#chance(0.1)) parts.push('__typename');
    return parts.join(' ');
  }

  /**
   * A field of `object` at `level`, as it is, in an inline fragment or in a named fragment, as
   * `roll` (in [0, 1)) decides. graphql-armor counts an inline fragment as one more level, a
   * fragment spread as two; a field with a selection needs a level below it.
   */
  #part(object: GraphQLObjectType, field: GraphQLField<unknown, unknown>, level: number, roll: number): string {
    const leaf = isLeafType(getNamedType(field.type));
    const wrapping = level + (leaf ? 1 : 2) < MAX_LEVELS ? roll : 1;
    const inner = wrapping < 0.15 ? level + 1 : wrapping < 0.4 ? level + 2 : level;
    if (!leaf && inner >= MAX_LEVELS) return '__typename';
    const part = this.#field(object, field, inner);
    if (wrapping < 0.15) return `... on ${object.name} { ${part} }`;
    if (wrapping < 0.4) return this.#fragment(object, field, part, inner);
    return part;
  }

  /** A spread of a new named fragment holding `part`, a selection of `field` at `level`. */
  #fragment(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>, part: string, level: number): string {
    const name = `F${this.#fragments.length + 1}`;
    this.#fragments.push({ name, type: type.name, field, level, text: `fragment ${name} on ${type.name} { ${part} }` });
    return `...${name}`;
  }

  /** Sometimes an @include or @skip, on a variable or a literal. */
  #directive(): string {
    if (!this.#chance(0.05)) return '';
    const keep = this.#chance(0.7);
    if (this.#chance(0.5)) return ` @include(if: ${this.#variable('Boolean!', keep)})`;
    return ` @skip(if: ${!keep})`;
  }

  /** False for fields whose required arguments this generator cannot fill. */
  #canFill(field: GraphQLField<unknown, unknown>): boolean {
    return field.args.every((arg) => !isNonNullType(arg.type) || this.#value(field, arg) !== undefined);
  }

  #arguments(field: GraphQLField<unknown, unknown>): string[] {
    const written: string[] = [];
    // Lookups take a slug or an id, not both.
    const lookupBy = this.#chance(0.8) ? 'slug' : 'id';
    const isLookup = field.args.some((arg) => arg.name === 'slug');
    for (const arg of field.args) {
      if (isLookup && (arg.name === 'slug' || arg.name === 'id') && arg.name !== lookupBy) continue;
      const required = isNonNullType(arg.type) || (isLookup && arg.name === lookupBy);
      if (!required && !this.#chance(arg.name === 'first' ? 0.7 : 0.25)) continue;
      const value = this.#value(field, arg);
      if (value === undefined) continue;
      written.push(`${arg.name}: ${this.#chance(0.3) ? this.#variable(String(arg.type), value) : literal(value)}`);
    }
    return written;
  }

  /** A value for an argument, or undefined when there is none worth giving. */
  #value(field: GraphQLField<unknown, unknown>, arg: GraphQLArgument): unknown {
    const returned = getNamedType(field.type);
    const rows = this.content.rows[returned.name];
    switch (arg.name) {
      case 'first':
        return this.#int(4);
      case 'slug':
        return rows ? (this.#chance(0.9) ? this.#pick(rows).slug : 'no-such-slug') : undefined;
      case 'id':
        if (rows) return this.#globalId(returned.name);
        return field.name === 'node' ? this.#globalId() : undefined;
      case 'ids':
        return Array.from({ length: 1 + this.#int(3) }, () => this.#globalId());
      case 'after': {
        const order = CURSOR_ORDERS[returned.name];
        const pool = Object.values(this.content.rows).flat();
        return order && this.#chance(0.5) ? encodeCursor(order, this.#pick(pool).id) : undefined;
      }
      case 'query':
        return this.#pick(this.content.words);
      case 'to':
        return { slug: this.#pick(this.content.rows['Article']!).slug };
      case 'path':
        return `/articles/${this.#chance(0.9) ? this.#pick(this.content.rows['Article']!).slug : 'no-such-slug'}`;
      case 'types':
        return this.#sample(enums('ARTICLE', 'ORGANISATION', 'PERSON', 'PROJECT', 'SOURCE'), 1 + this.#int(2));
      case 'orderBy':
        return { field: this.#pick(enums('PUBLISHED_AT', 'UPDATED_AT', 'TITLE')), direction: this.#pick(enums('ASC', 'DESC')) };
      case 'filter':
        return returned.name === 'ArticleConnection' || returned.name === 'SearchResultConnection'
          ? this.#pick([{ kinds: enums('NEWS') }, { kinds: enums('EXPERT') }, { languages: ['fr'] }, { statuses: enums('PUBLISHED', 'DRAFT') }])
          : undefined;
      default:
        return undefined;
    }
  }

  /** The global id of a row of `typeName`, or of any type when left out. */
  #globalId(typeName = this.#pick(Object.keys(this.content.rows))): string {
    return encodeGlobalId(typeName, this.#pick(this.content.rows[typeName]!).id);
  }

  #variable(type: string, value: unknown): string {
    const name = `v${this.#variables.length + 1}`;
    this.#variables.push({ name, type, value });
    return `$${name}`;
  }

  #int(below: number): number {
    return Math.floor(this.random() * below);
  }

  #chance(probability: number): boolean {
    return this.random() < probability;
  }

  #pick<Item>(items: readonly Item[]): Item {
    return items[this.#int(items.length)]!;
  }

  /** Up to `count` distinct items, in a random order. */
  #sample<Item>(items: readonly Item[], count: number): Item[] {
    const pool = [...items];
    const chosen: Item[] = [];
    while (chosen.length < count && pool.length > 0) chosen.push(pool.splice(this.#int(pool.length), 1)[0]!);
    return chosen;
  }
}

/** An enum value: bare in a literal, a string in variables (JSON). */
class EnumValue {
  constructor(readonly name: string) {}
  toJSON() {
    return this.name;
  }
}

const enums = (...names: string[]) => names.map((name) => new EnumValue(name));

/** A GraphQL literal of a value. */
function literal(value: unknown): string {
  if (value instanceof EnumValue) return value.name;
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (value !== null && typeof value === 'object') {
    return `{ ${Object.entries(value).map(([key, item]) => `${key}: ${literal(item)}`).join(', ')} }`;
  }
  return String(value);
}
