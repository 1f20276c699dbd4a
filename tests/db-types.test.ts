import { sql, type Selectable } from 'kysely';
import type { Database } from '../src/db/types.js';
import { describe, expect, test } from './support/gateway.js';

// src/db/types.ts is kept by hand. The type below makes TypeScript demand, for every column
// the types declare, whether it is nullable; this test checks the same against the migrated
// database. A column added to one side only fails either the type check or this test.
type Nullability<Table> = { [Column in keyof Selectable<Table>]-?: null extends Selectable<Table>[Column] ? true : false };
type Columns = { [Table in keyof Database]: Nullability<Database[Table]> };

const declared: Columns = {
  source: {
    id: false, slug: false, name: false, kind: false, homepage_url: true, feed_url: true, country: true,
    language: true, is_demo: false, created_at: false, updated_at: false, version: false, logo_id: true, name_vector: false, name_key: false,
  },
  organisation: {
    id: false, slug: false, name: false, kind: false, website_url: true, description: true, country: true,
    is_demo: false, created_at: false, updated_at: false, version: false, logo_id: true, name_vector: false, name_key: false,
  },
  person: {
    id: false, slug: false, full_name: false, description: true, is_demo: false, created_at: false, updated_at: false,
    version: false, portrait_id: true, name_vector: false, name_key: false,
  },
  affiliation: { id: false, person_id: false, organisation_id: false, title: true, started_on: true, ended_on: true },
  project: {
    id: false, slug: false, name: false, summary: true, status: false, budget_amount: true, budget_currency: true,
    location_name: true, location_country: true, started_on: true, ended_on: true, showcase: false, is_demo: false,
    created_at: false, updated_at: false, version: false, name_vector: false, name_key: false,
  },
  project_organisation: { project_id: false, organisation_id: false, role: false, position: false },
  topic: { id: false, slug: false, name: false, created_at: false },
  article: {
    id: false, slug: false, kind: false, title: false, lead: true, body: true, language: false, status: false,
    published_at: true, created_at: false, updated_at: false, listed_at: false, source_id: true, original_url: true,
    search_vector: false, search_head: false, version: false, is_demo: false, lead_image_id: true,
  },
  article_passage: { article_id: false, position: false, text: false, vector: false },
  article_term: { article_id: false, lexeme: false, impact: false },
  article_person: { article_id: false, person_id: false, role: false, position: false, listed_at: false },
  article_organisation: { article_id: false, organisation_id: false, role: false, position: false, listed_at: false },
  article_project: { article_id: false, project_id: false, role: false, position: false, listed_at: false },
  article_topic: { article_id: false, topic_id: false, position: false, listed_at: false },
  article_related: { article_id: false, related_article_id: false, position: false },
  image: {
    id: false, slug: false, source_url: false, width: false, height: false, mime_type: false, alt_text: true, caption: true,
    credit: true, licence: true, focal_x: true, focal_y: true, is_demo: false, created_at: false, updated_at: false,
    version: false,
  },
  article_image: { article_id: false, image_id: false, position: false, caption: true },
  project_image: { project_id: false, image_id: false, position: false, caption: true },
  api_key: {
    id: false, name: false, prefix: false, hash: false, scopes: false, rate_limit: true, created_at: false,
    revoked_at: true, last_used_at: true,
  },
  audit_log: {
    id: false, at: false, actor: false, key_prefix: true, action: false, entity_type: false, entity_id: true, details: false,
  },
  search_synonym: { id: false, term: false, synonym: false, created_at: false },
  search_word: { word: false, documents: false },
  related_rarity: { kind: false, key: false, articles: false },
  related_generation: { single: false, generation: false },
  related_ranking: { article_id: false, generation: false, listed: false, subjects: false, ranked: false, ranked_at: false },
  slug_history: { entity: false, slug: false, entity_id: false, retired_at: false },
  article_revision: {
    article_id: false, title: false, lead: true, body: true, language: false, created_at: false, updated_at: false, version: false,
  },
  webhook: { id: false, url: false, events: false, secret: false, created_at: false },
  webhook_delivery: {
    id: false, webhook_id: false, event_id: false, event: false, payload: false, status: false, attempts: false,
    next_attempt_at: false, created_at: false, finished_at: true,
  },
  webhook_attempt: { id: false, delivery_id: false, attempt: false, status_code: true, error: true, at: false },
};

describe('database types', () => {
  test('src/db/types.ts declares exactly the columns the migrations create', async ({ gateway }) => {
    const { rows } = await sql<{ table_name: string; column_name: string; is_nullable: 'YES' | 'NO' }>`
      select table_name, column_name, is_nullable from information_schema.columns
      where table_schema = current_schema() and table_name not like 'kysely_%'
    `.execute(gateway.database.db);
    const actual: Record<string, Record<string, boolean>> = {};
    for (const row of rows) {
      actual[row.table_name] ??= {};
      actual[row.table_name]![row.column_name] = row.is_nullable === 'YES';
    }
    expect(actual).toEqual(declared);
  });
});
