import { sql, type Kysely } from 'kysely';

// Webhooks: endpoints editors register, and an outbox. A content change writes one delivery row
// per subscribed endpoint in the change's own transaction (a rolled-back change leaves none);
// gateways claim due rows with FOR UPDATE SKIP LOCKED and a lease (next_attempt_at moved ahead),
// so that several gateways on one database never deliver a row twice, and a row claimed by a
// gateway that died is claimed again once its lease runs out. Every attempt is logged.
const upStatements = [
  sql`create table webhook (
        id integer generated always as identity primary key,
        url text not null,
        events text[] not null,
        secret text not null,
        created_at timestamptz not null default now()
      )`,
  sql`create table webhook_delivery (
        id integer generated always as identity primary key,
        webhook_id integer not null references webhook on delete cascade,
        event_id uuid not null,
        event text not null,
        payload jsonb not null,
        status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
        attempts integer not null default 0,
        next_attempt_at timestamptz not null default now(),
        created_at timestamptz not null default now(),
        finished_at timestamptz
      )`,
  sql`create index webhook_delivery_due_idx on webhook_delivery (next_attempt_at, id) where status = 'pending'`,
  sql`create index webhook_delivery_webhook_idx on webhook_delivery (webhook_id, id)`,
  sql`create table webhook_attempt (
        id integer generated always as identity primary key,
        delivery_id integer not null references webhook_delivery on delete cascade,
        attempt integer not null,
        status_code integer,
        error text,
        at timestamptz not null default now()
      )`,
  sql`create index webhook_attempt_delivery_idx on webhook_attempt (delivery_id, attempt)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of upStatements) await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table webhook_attempt`.execute(db);
  await sql`drop table webhook_delivery`.execute(db);
  await sql`drop table webhook`.execute(db);
}
