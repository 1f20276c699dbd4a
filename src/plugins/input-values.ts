import { Lexer, Source, TokenKind } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode, clientError } from '../errors.js';

// Values a request carries that are refused before anything else looks at them (the API key
// lookup included), for every operation:
// - a NUL character (U+0000) in any string, variable or literal: PostgreSQL cannot store it in
//   text and fails the statement, which the client would see as an internal error;
// - variables nested deeper than MAX_VARIABLES_DEPTH: coercion, the cost check and the logs walk
//   them recursively, and no input of the schema nests more than a few levels.
// Both walks are iterative and linear in the body, which MAX_BODY_BYTES bounds.

const refused = (message: string, details: Record<string, unknown> = {}) =>
  clientError(ErrorCode.invalidArgument, message, { ...details, http: { status: 400 } });

const nulRefusal = (where: string) =>
  refused(`${where} contains a NUL character (U+0000), which text cannot hold: remove it.`);

type Finding = 'nul' | 'too deep' | null;

/** Walks the variables without recursion: a NUL in a string or key, or a list or object nested deeper than `maxDepth`. */
function inspectVariables(variables: unknown, maxDepth: number): Finding {
  const pending: Array<[value: unknown, depth: number]> = [[variables, 0]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\0')) return 'nul';
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth > maxDepth) return 'too deep';
    for (const [key, child] of Object.entries(value)) {
      if (key.includes('\0')) return 'nul';
      pending.push([child, depth + 1]);
    }
  }
  return null;
}

/**
 * True when a string literal of the query holds a NUL, written as is or as an escape (\u0000,
 * \u{0}). Only a query with a NUL or a \u escape is tokenized; one that does not tokenize is
 * left for the parser to refuse with its own error.
 */
function queryHasNul(query: string): boolean {
  if (query.includes('\0')) return true;
  if (!query.includes('\\u')) return false;
  try {
    const lexer = new Lexer(new Source(query));
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if ((token.kind === TokenKind.STRING || token.kind === TokenKind.BLOCK_STRING) && token.value.includes('\0')) return true;
    }
  } catch {
    return false;
  }
  return false;
}

export function useInputValueChecks({ maxVariablesDepth }: { maxVariablesDepth: number }): Plugin {
  return {
    onParams({ params }) {
      const finding = inspectVariables(params.variables ?? null, maxVariablesDepth);
      if (finding === 'too deep') {
        throw refused(`The variables are nested deeper than ${maxVariablesDepth} levels (MAX_VARIABLES_DEPTH).`, { max: maxVariablesDepth });
      }
      if (finding === 'nul') throw nulRefusal('A variable');
      if (typeof params.query === 'string' && queryHasNul(params.query)) throw nulRefusal('A string of the query');
    },
  };
}
