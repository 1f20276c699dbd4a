import { createQueryId, type CompiledQuery, type Compilable, type Kysely } from 'kysely';
import { buildsEveryStatement } from '../db/connect.js';
import type { Database } from '../db/types.js';

// Kysely builds every statement anew on each call: a tree of frozen nodes, then a compile pass
// that prints it. For the statements behind nested lists and loaders that was about a tenth of
// the CPU of a page of articles with three nested lists (npm run bench). A statement whose
// shape repeats is built and compiled once per shape instead; later calls only bind their values.
// With OPTIMISATIONS=false (src/db/connect.ts), every call builds its statement from its values.

/** Shapes kept by one StatementTemplates (see MAX_NAMED_STATEMENTS in src/db/connect.ts). */
const MAX_SHAPES = 500;

/** Stands for a value while a template is built; each call binds its own value in its place. */
class Slot {
  constructor(readonly name: string) {}
}

interface Template {
  compiled: CompiledQuery;
  /** Per parameter: the name of the value it takes, or null for a constant of the shape. */
  slots: Array<string | null>;
}

/**
 * Statements compiled once per shape. `build` makes the statement of a shape, with stand-ins for
 * the values, and must pass each value to Kysely as one bound value, untouched: not copied, not
 * computed with. (Building the template checks that every stand-in reached the parameters.)
 * A template is keyed by its whole shape, the only input `build` gets besides the values: two
 * calls share a statement exactly when they would build the same one. The shape is plain data
 * (it is serialised into the key); `build` must read nothing else that varies.
 */
export class StatementTemplates<Shape, Values extends Record<string, unknown>, Row> {
  readonly #templates = new Map<string, Template>();

  constructor(private readonly build: (db: Kysely<Database>, shape: Shape, stand: Values) => Compilable<Row>) {}

  async execute(db: Kysely<Database>, shape: Shape, values: Values): Promise<Row[]> {
    if (buildsEveryStatement(db)) return (await db.executeQuery(this.build(db, shape, values))).rows;
    const key = JSON.stringify(shape);
    let template = this.#templates.get(key);
    if (!template) {
      template = compileTemplate(key, values, (stand) => this.build(db, shape, stand));
      // Shapes vary with the columns clients select: past the bound, new ones are not kept.
      if (this.#templates.size < MAX_SHAPES) this.#templates.set(key, template);
    }
    const { compiled, slots } = template;
    const parameters = compiled.parameters.map((constant, index) => {
      const name = slots[index]!;
      return name === null ? constant : values[name];
    });
    const result = await db.executeQuery<Row>({ ...compiled, parameters, queryId: createQueryId() } as CompiledQuery<Row>);
    return result.rows;
  }
}

function compileTemplate<Values extends Record<string, unknown>>(
  shape: string,
  values: Values,
  build: (stand: Values) => Compilable<unknown>,
): Template {
  const stand = Object.fromEntries(Object.keys(values).map((name) => [name, new Slot(name)])) as unknown as Values;
  const compiled = build(stand).compile();
  const slots = compiled.parameters.map((parameter) => (parameter instanceof Slot ? parameter.name : null));
  const missing = Object.keys(values).filter((name) => !slots.includes(name));
  if (missing.length > 0) {
    throw new Error(`Statement template "${shape}": ${missing.join(', ')} did not reach the parameters as bound values.`);
  }
  return { compiled, slots };
}
