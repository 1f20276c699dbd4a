import type { AuditLogEntry, Database } from '../db/types.js';
import { findKeysetPage, type KeysetOrder, type KeysetPage, type PageOf } from './keyset.js';
import { sql, type Kysely } from 'kysely';

export interface AuditRecord {
  actor: string;
  keyPrefix: string | null;
  action: string;
  entityType: string;
  entityId: number | null;
  details: Record<string, unknown>;
}

export async function recordAudit(db: Kysely<Database>, record: AuditRecord): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor: record.actor,
      key_prefix: record.keyPrefix,
      action: record.action,
      entity_type: record.entityType,
      entity_id: record.entityId,
      details: JSON.stringify(record.details),
    })
    .execute();
}

/** Newest first. */
const newestEntriesFirst: KeysetOrder = {
  sortColumn: 'audit_log.at',
  idColumn: 'audit_log.id',
  direction: 'desc',
  cursorRow: (id) => sql`(select cursor.at, cursor.id from audit_log as cursor where cursor.id = ${id})`,
};

export interface AuditLogFilter {
  entityType?: string;
  entityId?: number;
}

function filtered(db: Kysely<Database>, filter: AuditLogFilter) {
  let query = db.selectFrom('audit_log');
  if (filter.entityType) query = query.where('entity_type', '=', filter.entityType);
  if (filter.entityId !== undefined) query = query.where('entity_id', '=', filter.entityId);
  return query;
}

export async function findAuditLog(db: Kysely<Database>, filter: AuditLogFilter, page: KeysetPage): Promise<PageOf<AuditLogEntry>> {
  return findKeysetPage(db, filtered(db, filter).selectAll(), newestEntriesFirst, page);
}

export async function countAuditLog(db: Kysely<Database>, filter: AuditLogFilter): Promise<number> {
  const { count } = await filtered(db, filter).select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
  return Number(count);
}
