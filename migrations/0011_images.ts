import { sql, type Kysely } from 'kysely';

// Images: one row per original picture (where it lives, its size, its alt text and credits),
// used as an article's lead image and gallery, a person's portrait, an organisation's or a
// source's logo, a project's pictures. Renditions are never stored: an image proxy makes them
// from the original (src/images/image-proxy.ts). Alt text may be missing on a draft's images:
// publishing checks it (ALT_TEXT_REQUIRED), the database does not.
// One statement per `execute` call: PGlite refuses several statements in one prepared call.

const upStatements = [
  sql`create table image (
        id integer generated always as identity primary key,
        slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        source_url text not null check (source_url ~ '^https?://' and length(source_url) <= 2000),
        width integer not null check (width between 1 and 20000),
        height integer not null check (height between 1 and 20000),
        mime_type text not null check (mime_type in ('image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/gif', 'image/svg+xml')),
        alt_text text check (length(alt_text) between 1 and 500),
        caption text check (length(caption) <= 2000),
        credit text check (length(credit) <= 300),
        licence text check (length(licence) <= 300),
        focal_x double precision check (focal_x between 0 and 1),
        focal_y double precision check (focal_y between 0 and 1),
        is_demo boolean not null default false,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        version integer not null default 1,
        check ((focal_x is null) = (focal_y is null))
      )`,
  sql`alter table article add column lead_image_id integer references image (id) on delete restrict`,
  sql`alter table person add column portrait_id integer references image (id) on delete restrict`,
  sql`alter table organisation add column logo_id integer references image (id) on delete restrict`,
  sql`alter table source add column logo_id integer references image (id) on delete restrict`,
  // What deleting an image counts (IN_USE) and its foreign keys check.
  sql`create index article_lead_image_idx on article (lead_image_id) where lead_image_id is not null`,
  sql`create index person_portrait_idx on person (portrait_id) where portrait_id is not null`,
  sql`create index organisation_logo_idx on organisation (logo_id) where logo_id is not null`,
  sql`create index source_logo_idx on source (logo_id) where logo_id is not null`,
  // Galleries: each use of an image has its own place and may have its own caption.
  sql`create table article_image (
        article_id integer not null references article (id) on delete cascade,
        image_id integer not null references image (id) on delete restrict,
        position integer not null default 0,
        caption text check (length(caption) <= 2000),
        primary key (article_id, image_id)
      )`,
  sql`create index article_image_image_idx on article_image (image_id)`,
  sql`create table project_image (
        project_id integer not null references project (id) on delete cascade,
        image_id integer not null references image (id) on delete restrict,
        position integer not null default 0,
        caption text check (length(caption) <= 2000),
        primary key (project_id, image_id)
      )`,
  sql`create index project_image_image_idx on project_image (image_id)`,
];

const downStatements = [
  sql`drop table project_image`,
  sql`drop table article_image`,
  sql`alter table source drop column logo_id`,
  sql`alter table organisation drop column logo_id`,
  sql`alter table person drop column portrait_id`,
  sql`alter table article drop column lead_image_id`,
  sql`drop table image`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of upStatements) await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of downStatements) await statement.execute(db);
}
