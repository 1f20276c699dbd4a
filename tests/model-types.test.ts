import { describe, expect, test } from 'vitest';
import type { SourceTable } from '../src/db/types.js';
import type { EntityDescriptor } from '../src/model/entities.js';
import { entities, readColumns, source } from '../src/model/entities.js';
import { articleTopic, type LinkDescriptor } from '../src/model/links.js';
import type { ProjectRow } from '../src/repositories/project.js';
import { readingDeclared } from '../src/schema/computed-field.js';

// The content model is checked by the compiler (`npx tsc --noEmit` covers tests/): a column list
// that misses a column of its table, or a field or link that names a column the table lacks,
// does not compile. The `@ts-expect-error` lines below fail the type check if that ever stops.

const sourceColumns = {
  id: 'read', slug: 'read', name: 'read', kind: 'read', homepage_url: 'read', feed_url: 'read', country: 'read',
  language: 'read', is_demo: 'read', created_at: 'internal', updated_at: 'internal', version: 'read',
} as const;

// A column added to SourceTable but not described: the entity no longer compiles.
type SourceWithLogo = SourceTable & { logo_url: string | null };
const missingColumn = {
  ...source,
  // @ts-expect-error -- logo_url is missing from the columns
  columns: sourceColumns,
} as const satisfies EntityDescriptor<SourceWithLogo>;

// A computed field that reads a column the table does not have.
const unknownFieldColumn = {
  ...source,
  // @ts-expect-error -- source has no column "logo_url"
  computedFields: { logo: ['logo_url'] },
} as const satisfies EntityDescriptor<SourceTable>;

// A column described that the table does not have.
const extraColumn = {
  ...source,
  // @ts-expect-error -- source has no column "logo_url"
  columns: { ...sourceColumns, logo_url: 'read' },
} as const satisfies EntityDescriptor<SourceTable>;

// A link naming a column its table lacks.
const badLink = {
  ...articleTopic,
  // @ts-expect-error -- article_topic has no column "topic"
  childColumn: 'topic',
} as const satisfies LinkDescriptor<'article_topic'>;

// A computed field's resolver sees only the columns the model says it reads: lists load just
// those, so reading another one would answer null from a partial row.
const budgetOf = readingDeclared<ProjectRow>()(entities.project, 'budget', (project) => ({
  amount: project.budget_amount,
  // @ts-expect-error -- budget is declared to read budget_amount and budget_currency, not name
  label: project.name,
}));
// @ts-expect-error -- Project has no computed field "cost" in the model
const unknownComputedField = readingDeclared<ProjectRow>()(entities.project, 'cost', () => null);

describe('content model', () => {
  test('an entity reads and returns its `read` columns, in table order', () => {
    expect(readColumns(entities.topic)).toEqual(['id', 'slug', 'name']);
    expect(readColumns(entities.article)).not.toContain('search_vector');
    expect([missingColumn, unknownFieldColumn, extraColumn, badLink, budgetOf, unknownComputedField].every(Boolean)).toBe(true);
  });
});
