import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

// The database as the migrations build it. Kept by hand; tests/db-types.test.ts
// compares every column and its nullability with the migrated database.
// pg returns `numeric` as a string (exact money), `date` as 'YYYY-MM-DD' (see connect.ts),
// and `timestamptz` as a Date.

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
// Columns PostgreSQL computes: readable, never written.
type Computed<T> = ColumnType<T, never, never>;

export type SourceKind = 'press' | 'agency' | 'public_body' | 'company' | 'blog' | 'other';
export type OrganisationKind =
  | 'company'
  | 'public_body'
  | 'local_authority'
  | 'media'
  | 'school'
  | 'association'
  | 'other';
export type ProjectStatus = 'announced' | 'in_progress' | 'completed' | 'cancelled';
export type ProjectOrganisationRole = 'owner' | 'investor' | 'partner' | 'client' | 'host';
export type ArticleKind = 'news' | 'expert';
export type ArticleStatus = 'draft' | 'published' | 'archived';
export type ArticlePersonRole = 'author' | 'subject' | 'quoted' | 'mentioned';
export type ArticleOrganisationRole = ArticlePersonRole;
export type ArticleProjectRole = 'subject' | 'mentioned';

export interface SourceTable {
  id: Generated<number>;
  slug: string;
  name: string;
  kind: SourceKind;
  homepage_url: string | null;
  feed_url: string | null;
  country: string | null;
  language: string | null;
  is_demo: Defaulted<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Defaulted<number>;
  logo_id: number | null;
  /** The name's French words (migration 0012): search matches a whole query against it. */
  name_vector: Computed<string>;
  /** The name unaccented, in lower case (migration 0012): search compares what was typed with it, by trigrams. */
  name_key: Computed<string>;
}

export interface OrganisationTable {
  id: Generated<number>;
  slug: string;
  name: string;
  kind: OrganisationKind;
  website_url: string | null;
  description: string | null;
  country: string | null;
  is_demo: Defaulted<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Defaulted<number>;
  logo_id: number | null;
  /** The name's French words (migration 0012): search matches a whole query against it. */
  name_vector: Computed<string>;
  /** The name unaccented, in lower case (migration 0012): search compares what was typed with it, by trigrams. */
  name_key: Computed<string>;
}

export interface PersonTable {
  id: Generated<number>;
  slug: string;
  full_name: string;
  description: string | null;
  is_demo: Defaulted<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Defaulted<number>;
  portrait_id: number | null;
  /** The name's French words (migration 0012): search matches a whole query against it. */
  name_vector: Computed<string>;
  /** The name unaccented, in lower case (migration 0012): search compares what was typed with it, by trigrams. */
  name_key: Computed<string>;
}

export interface AffiliationTable {
  id: Generated<number>;
  person_id: number;
  organisation_id: number;
  title: string | null;
  started_on: string | null;
  ended_on: string | null;
}

export interface ProjectTable {
  id: Generated<number>;
  slug: string;
  name: string;
  summary: string | null;
  status: Defaulted<ProjectStatus>;
  budget_amount: string | null;
  budget_currency: string | null;
  location_name: string | null;
  location_country: string | null;
  started_on: string | null;
  ended_on: string | null;
  showcase: Defaulted<boolean>;
  is_demo: Defaulted<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Defaulted<number>;
  /** The name's French words (migration 0012): search matches a whole query against it. */
  name_vector: Computed<string>;
  /** The name unaccented, in lower case (migration 0012): search compares what was typed with it, by trigrams. */
  name_key: Computed<string>;
}

export interface ProjectOrganisationTable {
  project_id: number;
  organisation_id: number;
  role: ProjectOrganisationRole;
  position: Defaulted<number>;
}

export interface TopicTable {
  id: Generated<number>;
  slug: string;
  name: string;
  created_at: Timestamp;
}

export interface ArticleTable {
  id: Generated<number>;
  slug: string;
  kind: ArticleKind;
  title: string;
  lead: string | null;
  body: string | null;
  language: string;
  status: Defaulted<ArticleStatus>;
  published_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  listed_at: Computed<Date>;
  source_id: number | null;
  original_url: string | null;
  search_vector: Computed<string>;
  /** Title (A) and lead (B) only: what search ranks a match by when they hold the words (migration 0006). */
  search_head: Computed<string>;
  version: Defaulted<number>;
  is_demo: Defaulted<boolean>;
  lead_image_id: number | null;
}

/** An article's lead and body in passages (sentences), for search snippets (migration 0013). */
export interface ArticlePassageTable {
  article_id: number;
  /** From 1: the lead's passages, then the body's. */
  position: number;
  text: string;
  /** Weighted as in search_vector: B in the lead, C in the body. */
  vector: string;
}

/** Per article and word (lexeme): how much the word weighs in it, for search (migration 0014). */
export interface ArticleTermTable {
  article_id: number;
  lexeme: string;
  /** The sum of the weights of the places the article holds the word: title 1, lead 0.4, body 0.2. */
  impact: number;
}

export interface ArticlePersonTable {
  article_id: number;
  person_id: number;
  role: ArticlePersonRole;
  position: Defaulted<number>;
  /** The article's listed_at, copied by a trigger (migration 0004) for its entity's index. */
  listed_at: Computed<Date>;
}

export interface ArticleOrganisationTable {
  article_id: number;
  organisation_id: number;
  role: ArticleOrganisationRole;
  position: Defaulted<number>;
  /** The article's listed_at, copied by a trigger (migration 0004) for its entity's index. */
  listed_at: Computed<Date>;
}

export interface ArticleProjectTable {
  article_id: number;
  project_id: number;
  role: ArticleProjectRole;
  position: Defaulted<number>;
  /** The article's listed_at, copied by a trigger (migration 0004) for its entity's index. */
  listed_at: Computed<Date>;
}

export interface ArticleTopicTable {
  article_id: number;
  topic_id: number;
  position: Defaulted<number>;
  /** The article's listed_at, copied by a trigger (migration 0004) for its entity's index. */
  listed_at: Computed<Date>;
}

export interface ArticleRelatedTable {
  article_id: number;
  related_article_id: number;
  position: Defaulted<number>;
}

export type ImageMimeType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/avif' | 'image/gif' | 'image/svg+xml';

/** An original picture (migration 0011); renditions are made by the image proxy, never stored. */
export interface ImageTable {
  id: Generated<number>;
  slug: string;
  source_url: string;
  width: number;
  height: number;
  mime_type: ImageMimeType;
  /** Required to publish an article that uses the image, not to store it. */
  alt_text: string | null;
  caption: string | null;
  credit: string | null;
  licence: string | null;
  /** The point to keep in crops, from 0 (left, top) to 1 (right, bottom); both or neither. */
  focal_x: number | null;
  focal_y: number | null;
  is_demo: Defaulted<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Defaulted<number>;
}

/** An image in an article's gallery, with the caption of this use. */
export interface ArticleImageTable {
  article_id: number;
  image_id: number;
  position: Defaulted<number>;
  caption: string | null;
}

/** An image of a project, with the caption of this use. */
export interface ProjectImageTable {
  project_id: number;
  image_id: number;
  position: Defaulted<number>;
  caption: string | null;
}

export interface ApiKeyTable {
  id: Generated<number>;
  name: string;
  prefix: string;
  hash: string;
  scopes: Defaulted<string[]>;
  rate_limit: number | null;
  created_at: Timestamp;
  revoked_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor: string;
  key_prefix: string | null;
  action: string;
  entity_type: string;
  entity_id: number | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
}

/** A pair of words or phrases a search treats as one ("IA" ↔ "intelligence artificielle"). */
export interface SearchSynonymTable {
  id: Generated<number>;
  term: string;
  synonym: string;
  created_at: Generated<Timestamp>;
}

/** A word of published content (unaccented, lower case) and about how many rows hold it: typo corrections. */
export interface SearchWordTable {
  word: string;
  documents: number;
}

/**
 * How many articles hold a word or link an entity, and how many articles there are (kind
 * 'corpus'): kept by triggers (migrations/0007_related_scores.ts) for related scoring.
 */
export interface RelatedRarityTable {
  kind: string;
  key: string;
  articles: number;
}

/** What moves every stored related ranking out of date: one row, bumped by triggers (migrations/0008_related_store.ts). */
export interface RelatedGenerationTable {
  single: Defaulted<boolean>;
  generation: string;
}

/** An article's related ranking for the public audience, stored at a generation (src/repositories/related-store.ts). */
export interface RelatedRankingTable {
  article_id: number;
  generation: string;
  listed: Timestamp;
  subjects: string[];
  ranked: ColumnType<unknown[], string, string>;
  /** The instant it was ranked at: a scheduled article due since then makes it out of date (migration 0009). */
  ranked_at: Defaulted<Date>;
}

/** A slug an object had before: its old links still find it (migration 0009, kept by triggers). */
export interface SlugHistoryTable {
  /** The object's table: article, source, person, organisation, project, topic. */
  entity: string;
  slug: string;
  entity_id: number;
  retired_at: Generated<Date>;
}

/** The pending change of a published article: readers keep the live version until it is published. */
export interface ArticleRevisionTable {
  article_id: number;
  title: string;
  lead: string | null;
  body: string | null;
  language: string;
  created_at: Generated<Date>;
  updated_at: Timestamp;
  version: Defaulted<number>;
}

/** An endpoint editors registered, and the events it receives (migrations/0010_webhooks.ts). */
export interface WebhookTable {
  id: Generated<number>;
  url: string;
  events: string[];
  /** Signs every body sent (HMAC-SHA256): kept as is, since it must be used, not only checked. */
  secret: string;
  created_at: Timestamp;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** The outbox: one event for one endpoint, written in the transaction of the change. */
export interface WebhookDeliveryTable {
  id: Generated<number>;
  webhook_id: number;
  event_id: string;
  event: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  status: Defaulted<WebhookDeliveryStatus>;
  attempts: Defaulted<number>;
  next_attempt_at: Timestamp;
  created_at: Timestamp;
  finished_at: NullableTimestamp;
}

/** One try at delivering: the receiver's status code, or why there was none. */
export interface WebhookAttemptTable {
  id: Generated<number>;
  delivery_id: number;
  attempt: number;
  status_code: number | null;
  error: string | null;
  at: Timestamp;
}

export interface Database {
  source: SourceTable;
  organisation: OrganisationTable;
  person: PersonTable;
  affiliation: AffiliationTable;
  project: ProjectTable;
  project_organisation: ProjectOrganisationTable;
  topic: TopicTable;
  article: ArticleTable;
  article_passage: ArticlePassageTable;
  article_term: ArticleTermTable;
  article_person: ArticlePersonTable;
  article_organisation: ArticleOrganisationTable;
  article_project: ArticleProjectTable;
  article_topic: ArticleTopicTable;
  article_related: ArticleRelatedTable;
  image: ImageTable;
  article_image: ArticleImageTable;
  project_image: ProjectImageTable;
  api_key: ApiKeyTable;
  audit_log: AuditLogTable;
  search_synonym: SearchSynonymTable;
  search_word: SearchWordTable;
  related_rarity: RelatedRarityTable;
  related_generation: RelatedGenerationTable;
  related_ranking: RelatedRankingTable;
  slug_history: SlugHistoryTable;
  article_revision: ArticleRevisionTable;
  webhook: WebhookTable;
  webhook_delivery: WebhookDeliveryTable;
  webhook_attempt: WebhookAttemptTable;
}

export type Source = Selectable<SourceTable>;
export type NewSource = Insertable<SourceTable>;
export type SourceUpdate = Updateable<SourceTable>;
export type Organisation = Selectable<OrganisationTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type OrganisationUpdate = Updateable<OrganisationTable>;
export type Person = Selectable<PersonTable>;
export type NewPerson = Insertable<PersonTable>;
export type PersonUpdate = Updateable<PersonTable>;
export type Affiliation = Selectable<AffiliationTable>;
export type NewAffiliation = Insertable<AffiliationTable>;
export type Project = Selectable<ProjectTable>;
export type NewProject = Insertable<ProjectTable>;
export type ProjectUpdate = Updateable<ProjectTable>;
export type Topic = Selectable<TopicTable>;
export type NewTopic = Insertable<TopicTable>;
export type Article = Selectable<ArticleTable>;
export type NewArticle = Insertable<ArticleTable>;
export type ArticleUpdate = Updateable<ArticleTable>;
export type ApiKey = Selectable<ApiKeyTable>;
export type NewApiKey = Insertable<ApiKeyTable>;
export type AuditLogEntry = Selectable<AuditLogTable>;
export type SearchSynonym = Selectable<SearchSynonymTable>;
export type NewAuditLogEntry = Insertable<AuditLogTable>;
export type Webhook = Selectable<WebhookTable>;
export type WebhookDelivery = Selectable<WebhookDeliveryTable>;
export type WebhookAttempt = Selectable<WebhookAttemptTable>;
export type ArticleRevision = Selectable<ArticleRevisionTable>;
export type Image = Selectable<ImageTable>;
export type NewImage = Insertable<ImageTable>;
export type ImageUpdate = Updateable<ImageTable>;
