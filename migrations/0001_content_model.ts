import { sql, type Kysely } from 'kysely';

// The whole content model of DESIGN.md. One statement per `execute` call:
// PGlite refuses several statements in one prepared call.
// Ids are identity integers; the API exposes them only inside opaque global ids.

const upStatements = [
  sql`create extension if not exists unaccent`,
  sql`create extension if not exists pg_trgm`,
  // French stemming that ignores accents: "données", "DONNEES" and "donnees" match.
  sql`create text search configuration french_unaccent (copy = french)`,
  sql`alter text search configuration french_unaccent
        alter mapping for hword, hword_part, word with unaccent, french_stem`,

  sql`create table source (
        id integer generated always as identity primary key,
        slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        name text not null check (length(name) between 1 and 300),
        kind text not null check (kind in ('press', 'agency', 'public_body', 'company', 'blog', 'other')),
        homepage_url text,
        feed_url text,
        country char(2),
        language text,
        is_demo boolean not null default false,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`,

  sql`create table organisation (
        id integer generated always as identity primary key,
        slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        name text not null check (length(name) between 1 and 300),
        kind text not null check (kind in ('company', 'public_body', 'local_authority', 'media',
                                           'school', 'association', 'other')),
        website_url text,
        description text,
        country char(2),
        is_demo boolean not null default false,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`,
  sql`create index organisation_name_idx on organisation (name, id)`,

  sql`create table person (
        id integer generated always as identity primary key,
        slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        full_name text not null check (length(full_name) between 1 and 300),
        description text,
        is_demo boolean not null default false,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`,
  sql`create index person_full_name_idx on person (full_name, id)`,

  sql`create table affiliation (
        id integer generated always as identity primary key,
        person_id integer not null references person (id) on delete cascade,
        organisation_id integer not null references organisation (id) on delete restrict,
        title text,
        started_on date,
        ended_on date,
        check (ended_on is null or started_on is null or ended_on >= started_on),
        unique (person_id, organisation_id, title)
      )`,
  sql`create index affiliation_organisation_idx on affiliation (organisation_id, person_id)`,

  sql`create table project (
        id integer generated always as identity primary key,
        slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        name text not null check (length(name) between 1 and 300),
        summary text,
        status text not null default 'announced'
          check (status in ('announced', 'in_progress', 'completed', 'cancelled')),
        -- Money is exact: numeric amount with its ISO 4217 currency, both or neither.
        budget_amount numeric check (budget_amount >= 0),
        budget_currency char(3) check (budget_currency ~ '^[A-Z]{3}$'),
        location_name text,
        location_country char(2),
        started_on date,
        ended_on date,
        showcase boolean not null default false,
        is_demo boolean not null default false,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        check ((budget_amount is null) = (budget_currency is null))
      )`,
  sql`create index project_name_idx on project (name, id)`,
  sql`create index project_showcase_idx on project (id) where showcase`,

  sql`create table project_organisation (
        project_id integer not null references project (id) on delete cascade,
        organisation_id integer not null references organisation (id) on delete restrict,
        role text not null check (role in ('owner', 'investor', 'partner', 'client', 'host')),
        position smallint not null default 0,
        primary key (project_id, organisation_id)
      )`,
  sql`create index project_organisation_organisation_idx
        on project_organisation (organisation_id, project_id)`,

  sql`create table topic (
        id integer generated always as identity primary key,
        slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        name text not null check (length(name) between 1 and 200),
        created_at timestamptz not null default now()
      )`,
  sql`create index topic_name_idx on topic (name, id)`,

  sql`create table article (
        id integer generated always as identity primary key,
        slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        kind text not null check (kind in ('news', 'expert')),
        title text not null check (length(title) between 1 and 500),
        lead text,
        body text,
        language text not null check (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
        status text not null default 'draft' check (status in ('draft', 'published', 'archived')),
        published_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        -- The date articles are listed by: a draft has no publication date yet.
        listed_at timestamptz not null generated always as (coalesce(published_at, created_at)) stored,
        source_id integer references source (id) on delete restrict,
        original_url text,
        -- Title weighs more than the lead, the lead more than the body.
        search_vector tsvector not null generated always as (
          setweight(to_tsvector('french_unaccent', coalesce(title, '')), 'A') ||
          setweight(to_tsvector('french_unaccent', coalesce(lead, '')), 'B') ||
          setweight(to_tsvector('french_unaccent', coalesce(body, '')), 'C')
        ) stored,
        version integer not null default 1,
        is_demo boolean not null default false,
        check (status <> 'published' or published_at is not null),
        check (kind <> 'news' or source_id is not null)
      )`,
  sql`create index article_listed_idx on article (status, listed_at, id)`,
  sql`create index article_updated_idx on article (status, updated_at, id)`,
  sql`create index article_title_idx on article (status, title, id)`,
  sql`create index article_source_idx on article (source_id, listed_at, id)`,
  sql`create index article_language_idx on article (language, listed_at, id)`,
  sql`create index article_search_idx on article using gin (search_vector)`,

  sql`create table article_person (
        article_id integer not null references article (id) on delete cascade,
        person_id integer not null references person (id) on delete restrict,
        role text not null check (role in ('author', 'subject', 'quoted', 'mentioned')),
        position smallint not null default 0,
        primary key (article_id, person_id)
      )`,
  sql`create index article_person_person_idx on article_person (person_id, article_id)`,

  sql`create table article_organisation (
        article_id integer not null references article (id) on delete cascade,
        organisation_id integer not null references organisation (id) on delete restrict,
        role text not null check (role in ('author', 'subject', 'quoted', 'mentioned')),
        position smallint not null default 0,
        primary key (article_id, organisation_id)
      )`,
  sql`create index article_organisation_organisation_idx
        on article_organisation (organisation_id, article_id)`,

  sql`create table article_project (
        article_id integer not null references article (id) on delete cascade,
        project_id integer not null references project (id) on delete restrict,
        role text not null check (role in ('subject', 'mentioned')),
        position smallint not null default 0,
        primary key (article_id, project_id)
      )`,
  sql`create index article_project_project_idx on article_project (project_id, article_id)`,

  sql`create table article_topic (
        article_id integer not null references article (id) on delete cascade,
        topic_id integer not null references topic (id) on delete restrict,
        position smallint not null default 0,
        primary key (article_id, topic_id)
      )`,
  sql`create index article_topic_topic_idx on article_topic (topic_id, article_id)`,

  // Editor-pinned related articles, in the editor's order.
  sql`create table article_related (
        article_id integer not null references article (id) on delete cascade,
        related_article_id integer not null references article (id) on delete cascade,
        position smallint not null default 0,
        primary key (article_id, related_article_id),
        check (article_id <> related_article_id)
      )`,
  sql`create index article_related_related_idx on article_related (related_article_id)`,

  // The key itself is never stored: only its hash, and a prefix to recognise it in logs.
  sql`create table api_key (
        id integer generated always as identity primary key,
        name text not null check (length(name) between 1 and 200),
        prefix text not null unique,
        hash text not null,
        scopes text[] not null default '{read}',
        rate_limit integer check (rate_limit > 0),
        created_at timestamptz not null default now(),
        revoked_at timestamptz,
        last_used_at timestamptz
      )`,
];

const downStatements = [
  sql`drop table api_key`,
  sql`drop table article_related`,
  sql`drop table article_topic`,
  sql`drop table article_project`,
  sql`drop table article_organisation`,
  sql`drop table article_person`,
  sql`drop table article`,
  sql`drop table topic`,
  sql`drop table project_organisation`,
  sql`drop table project`,
  sql`drop table affiliation`,
  sql`drop table person`,
  sql`drop table organisation`,
  sql`drop table source`,
  sql`drop text search configuration french_unaccent`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of upStatements) await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of downStatements) await statement.execute(db);
}
