import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { createComplexityRule } from '@pothos/plugin-complexity';
import type { DocumentNode, GraphQLError, validate } from 'graphql';
import type { FetchAPI, Plugin } from 'graphql-yoga';
import type { LimitSettings } from '../config.js';
import { ErrorCode, clientError } from '../errors.js';

// What one request may ask for. Each refusal is a GraphQL error whose code names the limit,
// with the limit's value in `extensions.max` (and what was asked, when known, in `actual`):
// - body size and batching: before parsing (Yoga's own limits, with our codes);
// - tokens: while parsing; depth, aliases, directives: while validating (graphql-armor);
// - cost: before executing, with the request's variables (page sizes are often variables).
//   The cost of each field is the schema's (src/schema/complexity.ts, Pothos complexity
//   plugin): one cost model; armor's own cost limit is off.

type LimitCode =
  | typeof ErrorCode.maxDepthExceeded
  | typeof ErrorCode.maxCostExceeded
  | typeof ErrorCode.maxAliasesExceeded
  | typeof ErrorCode.maxTokensExceeded
  | typeof ErrorCode.maxDirectivesExceeded
  | typeof ErrorCode.maxBodyBytesExceeded
  | typeof ErrorCode.maxBatchExceeded;

export function limitError(code: LimitCode, message: string, max: number, actual?: number, status = 400): GraphQLError {
  return clientError(code, message, { max, ...(actual === undefined ? {} : { actual }), http: { status } });
}

/** The count armor found, read from its message ("... exceeded, found 12."). */
function found(error: GraphQLError): number | undefined {
  const match = /found (\d+)/.exec(error.message);
  return match ? Number(match[1]) : undefined;
}

function bodyTooLarge(max: number) {
  return limitError(ErrorCode.maxBodyBytesExceeded, `The request body is larger than ${max} bytes (MAX_BODY_BYTES).`, max, undefined, 413);
}

/**
 * The request with its body cut past `max` bytes while it streams in: for a body of unknown
 * length (chunked), the one case where the size is not known before it is read.
 */
function withBodyCut(request: Request, max: number, fetchAPI: FetchAPI): Request {
  let read = 0;
  const cut = new fetchAPI.TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      read += chunk.byteLength;
      if (read > max) controller.error(bodyTooLarge(max));
      else controller.enqueue(chunk);
    },
  });
  const { method, headers, signal, url } = request;
  return new fetchAPI.Request(url, { method, headers, signal, body: request.body!.pipeThrough(cut), duplex: 'half' } as RequestInit);
}

/**
 * Body size and batching, before the body is parsed, with our codes. The body size is ours alone
 * (Yoga's is off, yogaLimitOptions): Yoga streams every body through a size check, which cost a
 * list request a few hundredths of its CPU; a body with a Content-Length is checked by its
 * header instead (Node's HTTP parser refuses a malformed one and reads exactly that many bytes).
 */
function useRequestLimits(settings: LimitSettings): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const declared = request.headers.get('content-length');
      if (declared !== null && !/^\d+$/.test(declared)) {
        throw clientError(ErrorCode.badRequest, 'The Content-Length header is not a byte count.', { http: { status: 400 } });
      }
      if (Number(declared ?? 0) > settings.maxBodyBytes) throw bodyTooLarge(settings.maxBodyBytes);
      if (declared === null && requestParser && request.body) {
        setRequestParser((parsed) => requestParser(withBodyCut(parsed, settings.maxBodyBytes, fetchAPI)));
      }
      return {
        onRequestParseDone({ requestParserResult }) {
          if (!Array.isArray(requestParserResult)) return;
          if (settings.maxBatch === 0) {
            throw limitError(ErrorCode.maxBatchExceeded, 'Batched requests are turned off (MAX_BATCH is 0): send one operation per request.', 0);
          }
          if (requestParserResult.length > settings.maxBatch) {
            throw limitError(
              ErrorCode.maxBatchExceeded,
              `A batch may hold at most ${settings.maxBatch} operations (MAX_BATCH), got ${requestParserResult.length}.`,
              settings.maxBatch,
              requestParserResult.length,
              413,
            );
          }
        },
      };
    },
  };
}

/** Tokens, depth, aliases, directives: graphql-armor, reporting our errors instead of its own. */
function useArmor(settings: LimitSettings, blockFieldSuggestions: boolean): Plugin {
  const report = (make: (error: GraphQLError) => GraphQLError) => ({
    propagateOnRejection: false,
    onReject: [
      (context: { reportError(error: GraphQLError): void } | null, error: GraphQLError) => {
        if (!context) throw make(error); // the token limit, while parsing
        context.reportError(make(error));
      },
    ],
  });
  return EnvelopArmorPlugin({
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: blockFieldSuggestions },
    maxTokens: {
      n: settings.maxTokens,
      ...report(() =>
        limitError(ErrorCode.maxTokensExceeded, `The query has more than ${settings.maxTokens} tokens (MAX_TOKENS).`, settings.maxTokens),
      ),
    },
    maxDepth: {
      n: settings.maxDepth,
      ...report((error) =>
        limitError(
          ErrorCode.maxDepthExceeded,
          `The query nests ${found(error) ?? 'more'} levels deep; the limit is ${settings.maxDepth} (MAX_DEPTH).`,
          settings.maxDepth,
          found(error),
        ),
      ),
    },
    maxAliases: {
      n: settings.maxAliases,
      ...report((error) =>
        limitError(
          ErrorCode.maxAliasesExceeded,
          `The query uses ${found(error) ?? 'too many'} aliases; the limit is ${settings.maxAliases} (MAX_ALIASES).`,
          settings.maxAliases,
          found(error),
        ),
      ),
    },
    maxDirectives: {
      n: settings.maxDirectives,
      ...report((error) =>
        limitError(
          ErrorCode.maxDirectivesExceeded,
          `The query uses ${found(error) ?? 'too many'} directives; the limit is ${settings.maxDirectives} (MAX_DIRECTIVES).`,
          settings.maxDirectives,
          found(error),
        ),
      ),
    },
  }) as Plugin;
}

// The cost of an operation depends on its document and variables only, not on who asks, so it is
// computed once per (document, operation, variables) and remembered: a validation pass per request
// was a twentieth of the CPU of a list request (npm run bench). Documents are Yoga's cached ones,
// held weakly; variables over MAX_COST_KEY_LENGTH (long texts of a write) are not remembered.
const MAX_COST_KEY_LENGTH = 512;
const MAX_COSTS_PER_DOCUMENT = 256;

function costMemo() {
  const costs = new WeakMap<DocumentNode, Map<string, number>>();
  return (document: DocumentNode, operationName: string | null, variables: unknown, compute: () => number): number => {
    const key = `${operationName ?? ''}:${JSON.stringify(variables ?? {})}`;
    if (key.length > MAX_COST_KEY_LENGTH) return compute();
    let known = costs.get(document);
    if (!known) costs.set(document, (known = new Map()));
    let cost = known.get(key);
    if (cost === undefined) {
      if (known.size >= MAX_COSTS_PER_DOCUMENT) known.clear();
      known.set(key, (cost = compute()));
    }
    return cost;
  };
}

/**
 * The cost check, before executing: it needs the request's variables, which a validation rule
 * would not see (Yoga caches validation per document), so it runs the Pothos complexity rule
 * alone, in a one-rule validation. With the engine's own `validate` (the one Yoga imported):
 * graphql's CommonJS and ESM builds do not accept each other's schemas (see mask-error.ts).
 */
function useCostLimit(settings: LimitSettings): Plugin {
  let engineValidate: typeof validate | undefined;
  const costOf = costMemo();
  return {
    onValidate({ validateFn }) {
      engineValidate ??= validateFn;
    },
    onExecute({ args, setResultAndStopExecution }) {
      const validateWith = engineValidate;
      if (!validateWith) throw new Error('The cost limit needs the validation phase to have run.');
      const operationName = args.operationName ?? null;
      const complexity = costOf(args.document, operationName, args.variableValues, () => {
        let computed = 0;
        const rule = createComplexityRule({
          context: args.contextValue as object,
          variableValues: (args.variableValues ?? {}) as Record<string, unknown>,
          operationName,
          validate: (result) => {
            computed = result.complexity;
          },
        });
        validateWith(args.schema, args.document, [rule]);
        return computed;
      });
      if (complexity <= settings.maxCost) return;
      const refusal = limitError(
        ErrorCode.maxCostExceeded,
        `The query costs ${complexity}; the limit is ${settings.maxCost} (MAX_COST). Each field costs 1 and lists count once per item asked for: ask for smaller pages or fewer nested lists.`,
        settings.maxCost,
        complexity,
      );
      setResultAndStopExecution({ errors: [refusal] });
    },
  };
}

export function useLimits(settings: LimitSettings, options: { blockFieldSuggestions: boolean }): Plugin[] {
  return [useRequestLimits(settings), useArmor(settings, options.blockFieldSuggestions), useCostLimit(settings)];
}

/** Yoga's own options for the same limits: it enforces the batch size (useRequestLimits names it), not the body size. */
export function yogaLimitOptions(settings: LimitSettings) {
  return {
    maxRequestBodySize: false, // useRequestLimits checks it
    batching: settings.maxBatch > 0 ? { limit: settings.maxBatch } : false,
  } as const;
}
