import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { ValidationRule } from 'graphql';
import type { CORSOptions, Plugin } from 'graphql-yoga';
import type { HttpSettings } from '../config.js';
import { ErrorCode, clientError } from '../errors.js';

// What browsers and strangers get to see and do:
// - CSRF: a browser can send a "simple" request (a form post, a GET) to another site without
//   asking it first. Such requests must carry one of CSRF_HEADERS, which a browser only sends
//   after a CORS preflight; JSON POSTs (GraphiQL, every GraphQL client) are never simple.
// - CORS: CORS_ORIGINS lists the origins that may call from a browser ('*' for any; API keys
//   travel in the Authorization header, never in cookies, so no credentials are allowed).
// - Introspection: INTROSPECTION=false refuses `__schema` and `__type` (and field suggestions
//   in error messages, which would leak the schema as well). `__typename` stays allowed.

export const CSRF_HEADERS = ['x-graphql-yoga-csrf', 'graphql-preflight', 'apollo-require-preflight'];

export function corsOptions(settings: HttpSettings): CORSOptions | false {
  if (settings.corsOrigins.length === 0) return false;
  return {
    origin: settings.corsOrigins.includes('*') ? '*' : settings.corsOrigins,
    credentials: false,
    methods: ['GET', 'POST'],
    allowedHeaders: ['Content-Type', 'Authorization', 'If-None-Match', 'X-Request-Id', ...CSRF_HEADERS],
    exposedHeaders: ['ETag', 'Retry-After', 'X-Request-Id', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
    maxAge: 86_400,
  };
}

const NoIntrospection: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === '__schema' || node.name.value === '__type') {
      context.reportError(
        clientError(ErrorCode.introspectionDisabled, `Introspection is turned off on this gateway (INTROSPECTION=false): \`${node.name.value}\` is refused.`),
      );
    }
  },
});

/** Yoga's CSRF plugin, its refusal carrying a code like every other refusal. */
function withCsrfCode(csrf: Plugin): Plugin {
  return {
    onRequestParse(payload) {
      try {
        return csrf.onRequestParse?.(payload);
      } catch {
        throw clientError(
          ErrorCode.csrfHeaderRequired,
          `A browser-style request (a GET, or a form post) must carry one of these headers: ${CSRF_HEADERS.join(', ')}.`,
          { http: { status: 403 } },
        );
      }
    },
  };
}

export function useHttpHygiene(settings: HttpSettings): Plugin[] {
  const plugins: Plugin[] = [];
  if (settings.csrfPrevention) plugins.push(withCsrfCode(useCSRFPrevention({ requestHeaders: CSRF_HEADERS })));
  if (!settings.introspection) {
    plugins.push({ onValidate: ({ addValidationRule }) => addValidationRule(NoIntrospection) });
  }
  return plugins;
}
