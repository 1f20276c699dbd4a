import type { ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode, clientError } from '../errors.js';

// graphql 16 validates a subscription against a schema without one (the rule that refuses it came
// with a later spec), so it reached execution and failed there as an internal error. Refused
// while validating instead: 400, as GraphQL-over-HTTP answers a document that fails validation.
// (405 is for a method the server does not take, a mutation over GET; this POST is fine as such.)

const KnownOperationTypes: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (context.getSchema().getRootType(node.operation)) return;
    context.reportError(
      clientError(ErrorCode.operationNotSupported, `This API has no ${node.operation}s: send a query or a mutation.`, {
        http: { status: 400 },
      }),
    );
  },
});

export function useKnownOperationTypes(): Plugin {
  return { onValidate: ({ addValidationRule }) => addValidationRule(KnownOperationTypes) };
}
