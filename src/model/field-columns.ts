import { entities } from './entities.js';
import { links } from './links.js';

/**
 * The columns each computed GraphQL field reads, by type then field (schema/selected-columns.ts):
 * the entities' computed fields, and both sides of every link, which read only the row's id.
 */
export const computedFieldColumns: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = (() => {
  const byType: Record<string, Record<string, readonly string[]>> = {};
  for (const entity of Object.values(entities)) byType[entity.graphqlType] = { ...entity.computedFields };
  for (const link of links) {
    byType[entities[link.parent].graphqlType]![link.parentField] = [];
    if (link.childField) byType[entities[link.child].graphqlType]![link.childField] = [];
  }
  return byType;
})();
