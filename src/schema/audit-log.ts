import { countAuditLog, findAuditLog } from '../repositories/audit-log.js';
import { builder } from './builder.js';
import { toConnection, toKeysetPage } from './pagination.js';
import type { AuditLogEntry as AuditLogRow } from '../db/types.js';

const AuditLogEntry = builder.objectRef<AuditLogRow>('AuditLogEntry').implement({
  description: 'One write: who made it, what, when.',
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime', description: 'When.' }),
    actor: t.exposeString('actor', { description: 'The name of the API key that wrote.' }),
    keyPrefix: t.exposeString('key_prefix', { nullable: true, description: 'The prefix of that key (never the key).' }),
    action: t.exposeString('action', { description: 'What was done, e.g. "article.publish".' }),
    entityType: t.exposeString('entity_type', { description: 'The kind of object written, e.g. "article".' }),
    entityId: t.exposeInt('entity_id', { nullable: true, description: 'Its row id (the number inside its global id).' }),
    details: t.expose('details', { type: 'JSONObject', description: 'The input the mutation received.' }),
  }),
});

const AuditLogConnection = builder.connectionObject({
  type: AuditLogEntry,
  name: 'AuditLogConnection',
  description: 'A page of the audit log, newest first.',
});

builder.queryField('auditLog', (t) =>
  t.field({
    type: AuditLogConnection,
    authScopes: { editor: true },
    description: 'Every write, newest first. Editors only.',
    args: {
      ...t.arg.connectionArgs(),
      entityType: t.arg.string({ description: 'Only writes to this kind of object, e.g. "article".' }),
      entityId: t.arg.int({ description: 'Only writes to the object with this row id.' }),
    },
    resolve: async (_root, args, context) => {
      const filter = { entityType: args.entityType ?? undefined, entityId: args.entityId ?? undefined };
      const page = await findAuditLog(context.db, filter, toKeysetPage(args, 'AT_DESC'));
      return toConnection(page, 'AT_DESC', () => countAuditLog(context.db, filter));
    },
  }),
);
