import { sql, type Kysely } from 'kysely';

// What editing needs: a version on every editable entity, so that a stale update is refused
// instead of overwriting another editor's change (articles have one since 0001), and an audit
// log of who changed what, and when: one row per write, kept even when the entity is deleted.
const versioned = ['source', 'organisation', 'person', 'project'] as const;

const upStatements = [
  ...versioned.map((table) => sql`alter table ${sql.table(table)} add column version integer not null default 1`),
  sql`create table audit_log (
        id integer generated always as identity primary key,
        at timestamptz not null default now(),
        actor text not null,
        key_prefix text,
        action text not null,
        entity_type text not null,
        entity_id integer,
        details jsonb not null default '{}'
      )`,
  sql`create index audit_log_at_idx on audit_log (at, id)`,
  sql`create index audit_log_entity_idx on audit_log (entity_type, entity_id, at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of upStatements) await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table audit_log`.execute(db);
  for (const table of versioned) await sql`alter table ${sql.table(table)} drop column version`.execute(db);
}
