// Lists read only the columns a query selects (selected-columns.ts): an exposed field names its
// column, and a computed field gets the columns the content model lists for it
// (src/model/entities.ts, `computedFields`). A computed field's resolver is therefore handed its
// row typed as just those columns: reading any other column does not compile, where it would
// otherwise read `undefined` from a list's partial row and answer null.

type ComputedFields = { computedFields: Readonly<Record<string, readonly string[]>> };

/** Columns the model lists for `field` of `entity`. */
type ReadsOf<Entity extends ComputedFields, Field extends keyof Entity['computedFields']> = Entity['computedFields'][Field][number];

/**
 * `readingDeclared<ProjectRow>()(project, 'budget', (row) => ...)`: the resolver of a computed
 * field, seeing only the columns the model declares it reads.
 */
export function readingDeclared<Row>() {
  return <Entity extends ComputedFields, Field extends keyof Entity['computedFields'] & string, Result>(
    _entity: Entity,
    _field: Field,
    resolve: (row: Pick<Row, ReadsOf<Entity, Field> & keyof Row>) => Result,
  ): ((row: Row) => Result) => resolve;
}
