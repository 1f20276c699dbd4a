import { isScope, SCOPES, type Scope } from '../auth/api-key.js';
import { issueApiKey } from '../auth/issue-api-key.js';
import { listApiKeys, revokeApiKey, type ApiKeySummary } from '../repositories/api-key.js';
import { newApiKeyRules, revokeApiKeyRules } from '../validation/api-key.js';
import { builder } from './builder.js';
import { editorMutation } from './entity-mutations.js';
import { payloadType, refuse } from './mutation.js';

// API keys, administered by editors: list, create (the key is shown once, in the payload), and
// revoke (refused from the very next request: keys are looked up on every request). Only a
// hash is stored; neither the key nor its hash is ever returned or written to the audit log.

const scopeDescriptions: Record<Scope, string> = {
  read: 'Reads published content, with its own rate limit.',
  partner: 'Also uses the partner fields (related content for partner sites).',
  editor: 'Everything: drafts, writes, the audit log and API keys.',
};

const ApiKeyScope = builder.enumType('ApiKeyScope', {
  description: 'What an API key may do.',
  values: Object.fromEntries(SCOPES.map((scope) => [scope.toUpperCase(), { value: scope, description: scopeDescriptions[scope] }])),
});

const ApiKey = builder.objectRef<ApiKeySummary>('ApiKey').implement({
  description: 'An API key, as editors administer it: never the key itself, nor its hash.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Who or what holds it, e.g. "Partner X".' }),
    prefix: t.exposeString('prefix', { description: 'The part after "cgw_": names the key in lists, logs and the audit log.' }),
    scopes: t.field({
      type: [ApiKeyScope],
      description: 'What it may do.',
      resolve: (key) => key.scopes.filter(isScope),
    }),
    rateLimit: t.exposeInt('rate_limit', {
      nullable: true,
      description: 'Requests per rate-limit window; null: the budget of its scope.',
    }),
    createdAt: t.expose('created_at', { type: 'DateTime', description: 'When it was made.' }),
    lastUsedAt: t.expose('last_used_at', {
      type: 'DateTime',
      nullable: true,
      description: 'When it was last used (updated at most once a minute); null: never.',
    }),
    revokedAt: t.expose('revoked_at', { type: 'DateTime', nullable: true, description: 'When it was revoked; null while it works.' }),
  }),
});

builder.queryField('apiKeys', (t) =>
  t.field({
    type: [ApiKey],
    authScopes: { editor: true },
    description: 'Every API key, revoked ones included, oldest first. Editors only.',
    resolve: (_root, _args, context) => listApiKeys(context.db),
  }),
);

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  description: 'A new API key.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Who or what will hold it, 1 to 200 characters.' }),
    scopes: t.field({ type: [ApiKeyScope], description: 'What it may do; default [READ].' }),
    rateLimit: t.int({ description: 'Requests per rate-limit window; default: the budget of its scope.' }),
  }),
});

/** The new key's row, with the key itself, which exists nowhere else. */
type IssuedApiKey = ApiKeySummary & { secret: string };

const CreateApiKeyPayload = payloadType('CreateApiKeyPayload', 'apiKey', ApiKey, 'the new key');

builder.objectField(CreateApiKeyPayload, 'secret', (t) =>
  t.string({
    nullable: true,
    description: 'The key itself, to send as "Authorization: Bearer <key>". Shown this once: only its hash is kept.',
    resolve: (payload) => (payload.result as IssuedApiKey | null)?.secret ?? null,
  }),
);

editorMutation('createApiKey', {
  description: 'Makes an API key; the payload holds the key, shown only this once.',
  input: CreateApiKeyInput,
  payload: CreateApiKeyPayload,
  mutation: {
    action: 'api-key.create',
    input: newApiKeyRules,
    async write(db, request) {
      const { key, stored } = await issueApiKey(db, request);
      const issued: IssuedApiKey = { ...stored, secret: key };
      return { result: issued, entityType: 'api_key', entityId: stored.id };
    },
  },
});

editorMutation('revokeApiKey', {
  description: 'Revokes an API key: requests with it are refused (401) from the next one on.',
  input: builder.inputType('RevokeApiKeyInput', {
    description: 'Which API key to revoke.',
    fields: (t) => ({ prefix: t.string({ required: true, description: 'Its prefix, as `apiKeys` lists it.' }) }),
  }),
  payload: payloadType('RevokeApiKeyPayload', 'apiKey', ApiKey, 'the revoked key'),
  mutation: {
    action: 'api-key.revoke',
    input: revokeApiKeyRules,
    async write(db, { prefix }) {
      const revoked = await revokeApiKey(db, prefix);
      if (!revoked) refuse('NOT_FOUND', ['prefix'], 'no working key has this prefix (unknown, or already revoked)');
      return { result: revoked, entityType: 'api_key', entityId: revoked.id };
    },
  },
});
