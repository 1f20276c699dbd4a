import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Context } from '../context.js';
import type { Database } from '../db/types.js';
import { userErrorCodes, type UserErrorCode } from '../errors.js';
import { recordAudit } from '../repositories/audit-log.js';
import { queueWebhookEvent } from '../webhooks/outbox.js';
import { builder } from './builder.js';
import { decodeGlobalId } from './global-id.js';

// How every mutation runs: its input validated with zod (errors go into the payload, with the
// field path and a stable code), then one transaction that does the write, records it in the
// audit log and queues its webhook event (src/webhooks/outbox.ts). A refusal inside the
// transaction rolls everything back: nothing is half-written, no event is sent.

const UserErrorCodeEnum = builder.enumType('UserErrorCode', {
  description: 'Why a mutation refused its input. Stable: clients may switch on it.',
  values: Object.fromEntries(Object.entries(userErrorCodes).map(([code, description]) => [code, { description }])),
});

export interface UserErrorShape {
  path: string[];
  message: string;
  code: UserErrorCode;
  currentVersion?: number;
}

export const UserError = builder.objectRef<UserErrorShape>('UserError').implement({
  description: 'A reason a mutation wrote nothing.',
  fields: (t) => ({
    path: t.stringList({ description: 'The input field at fault, e.g. ["title"]; empty when it is the whole input.', resolve: (error) => error.path }),
    message: t.exposeString('message', { description: 'What is wrong, for a person.' }),
    code: t.expose('code', { type: UserErrorCodeEnum, description: 'What is wrong, for a program.' }),
    currentVersion: t.int({
      nullable: true,
      description: 'With VERSION_CONFLICT: the version now stored, to reload and retry from.',
      resolve: (error) => error.currentVersion ?? null,
    }),
  }),
});

/** Thrown inside a mutation's transaction to refuse it: the transaction rolls back. */
export class MutationRefused extends Error {
  constructor(readonly errors: UserErrorShape[]) {
    super(errors.map((error) => error.message).join('; '));
  }
}

export function refuse(code: UserErrorCode, path: string[], message: string, currentVersion?: number): never {
  throw new MutationRefused([{ code, path, message, ...(currentVersion === undefined ? {} : { currentVersion }) }]);
}

const zodCodes: Record<string, UserErrorCode> = {
  too_big: 'TOO_LONG',
  too_small: 'TOO_SHORT',
  invalid_format: 'INVALID_FORMAT',
  invalid_type: 'INVALID',
  invalid_value: 'INVALID',
};

/** The `params` of a custom zod issue that carries its payload code, e.g. INVALID_ID. */
export function withCode(code: UserErrorCode): { code: UserErrorCode } {
  return { code };
}

function fromZodIssue(issue: z.core.$ZodIssue): UserErrorShape {
  const custom = issue.code === 'custom' ? (issue.params?.['code'] as UserErrorCode | undefined) : undefined;
  const empty = issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1;
  return {
    path: issue.path.map(String),
    message: issue.message,
    code: custom ?? (empty ? 'REQUIRED' : (zodCodes[issue.code] ?? 'INVALID')),
  };
}

/** A zod rule for a global id field: gives the row id, or an INVALID_ID issue. */
export function globalIdOf(typename: string) {
  return (value: string, ctx: z.RefinementCtx): number => {
    try {
      const decoded = decodeGlobalId(value);
      if (decoded.typename === typename) return Number(decoded.id);
      ctx.addIssue({ code: 'custom', message: `must be the id of a ${typename}, not of a ${decoded.typename}`, params: withCode('INVALID_ID') });
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not a valid id', params: withCode('INVALID_ID') });
    }
    return 0;
  };
}

export interface MutationResult<Result> {
  result: Result | null;
  errors: UserErrorShape[];
}

interface Mutation<Input, Result> {
  /** Audit log action, e.g. "article.update". */
  action: string;
  input: z.ZodType<Input>;
  write(db: Kysely<Database>, input: Input): Promise<{ result: Result; entityType: string; entityId: number | null }>;
  /**
   * The input field that names the row each foreign-key column of the write points to. A row
   * checked to exist can be deleted by someone else before the write; the database then refuses
   * the write (23503) and the editor is told NOT_FOUND on that field.
   */
  references?: Readonly<Record<string, string[]>>;
  /** Input fields the audit log must not keep (a webhook's secret). */
  secretFields?: readonly string[];
}

function withoutSecrets(rawInput: unknown, secretFields: readonly string[] = []): unknown {
  if (!secretFields.length || !rawInput || typeof rawInput !== 'object') return rawInput;
  return Object.fromEntries(Object.entries(rawInput).map(([field, value]) => [field, secretFields.includes(field) ? '[redacted]' : value]));
}

/** Validates, then writes in one transaction with its audit record; refusals come back as errors. */
export async function runMutation<Input, Result>(
  context: Context,
  rawInput: unknown,
  mutation: Mutation<Input, Result>,
): Promise<MutationResult<Result>> {
  const parsed = mutation.input.safeParse(rawInput);
  if (!parsed.success) return { result: null, errors: parsed.error.issues.map(fromZodIssue) };
  const viewer = context.viewer;
  try {
    const result = await context.db.transaction().execute(async (transaction) => {
      const written = await mutation.write(transaction, parsed.data);
      await recordAudit(transaction, {
        actor: viewer.kind === 'key' ? viewer.name : 'anonymous',
        keyPrefix: viewer.kind === 'key' ? viewer.prefix : null,
        action: mutation.action,
        entityType: written.entityType,
        entityId: written.entityId,
        details: { input: withoutSecrets(rawInput, mutation.secretFields) },
      });
      await queueWebhookEvent(transaction, { action: mutation.action, ...written });
      return written.result;
    });
    return { result, errors: [] };
  } catch (error) {
    if (error instanceof MutationRefused) return { result: null, errors: error.errors };
    // Two editors writing the same thing at once: the unique index decides, the loser is told.
    const duplicate = uniqueViolation(error);
    if (duplicate) return { result: null, errors: [duplicate] };
    const vanished = foreignKeyViolation(error, mutation.references);
    if (vanished) return { result: null, errors: [vanished] };
    throw error;
  }
}

/**
 * The payload type of a mutation: the object it wrote (null when refused) and the reasons it
 * was refused (empty on success), e.g. `CreateArticlePayload { article, errors }`.
 */
export function payloadType(name: string, field: string, type: PothosSchemaTypes.ObjectRef<any, any>, what: string) {
  return builder.objectRef<MutationResult<any>>(name).implement({
    description: `What ${name.replace(/Payload$/, '')} did: ${what}, or why it wrote nothing.`,
    fields: (t) => ({
      [field]: t.field({
        type,
        nullable: true,
        description: `${what}; null when the mutation was refused.`,
        resolve: (payload) => payload.result,
      }),
      errors: t.field({
        type: [UserError],
        description: 'Why nothing was written; empty on success.',
        resolve: (payload) => payload.errors,
      }),
    }),
  });
}

function uniqueViolation(error: unknown): UserErrorShape | null {
  const { code, constraint } = error as { code?: string; constraint?: string };
  if (code !== '23505') return null;
  if (constraint?.endsWith('_slug_key')) return { code: 'SLUG_TAKEN', path: ['slug'], message: 'this slug was just taken' };
  return { code: 'ALREADY_EXISTS', path: [], message: 'the same object was just written by someone else' };
}

/**
 * A write that pointed at a row deleted meanwhile, for a column the mutation declares. Others
 * (a delete refused because something still points at the row) stay unexpected errors.
 */
function foreignKeyViolation(error: unknown, references: Readonly<Record<string, string[]>> = {}): UserErrorShape | null {
  const { code, table, constraint } = error as { code?: string; table?: string; constraint?: string };
  if (code !== '23503' || !table || !constraint) return null;
  // The migrations leave foreign keys to PostgreSQL's default names: <table>_<column>_fkey.
  const column = constraint.startsWith(`${table}_`) && constraint.endsWith('_fkey') ? constraint.slice(table.length + 1, -'_fkey'.length) : '';
  const path = references[column];
  if (!path) return null;
  return { code: 'NOT_FOUND', path, message: 'no longer exists: it was deleted while this change was being written' };
}
