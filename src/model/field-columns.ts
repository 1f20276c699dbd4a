import { entities } from './entities.js';
import { links } from './links.js';

/**
 * The columns each computed GraphQL field reads, by type then field (schema/selected-columns.ts):
 * the entities' computed fields, the address of every object that has a page (`url` and `path`,
 * schema/route.ts), and both sides of every link, which read only the row's id.
 */
export const computedFieldColumns: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = (() => {
  const byType: Record<string, Record<string, readonly string[]>> = {};
  for (const entity of Object.values(entities)) {
    const address: Record<string, readonly string[]> = 'slug' in entity.columns ? { url: ['slug'], path: ['slug'] } : {};
    byType[entity.graphqlType] = { ...entity.computedFields, ...address };
  }
  for (const link of links) {
    byType[entities[link.parent].graphqlType]![link.parentField] = [];
    if (link.childField) byType[entities[link.child].graphqlType]![link.childField] = [];
  }
  return byType;
})();
