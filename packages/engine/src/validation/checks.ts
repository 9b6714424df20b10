// The checks of an operation of the spec: its path parameters and its body, validated with
// the spec's own schemas (refs into the bundled document); a failure is the API's own error
// (errors.ts of this folder).
import { OPERATIONS, type OperationId } from '@push-api/types';
import { validationError } from './errors.js';
import type { SchemaCheck, SpecValidator } from './validator.js';

interface ParameterDescription {
  name: string;
  in: string;
  required: boolean;
  schema: string;
}

export interface OperationChecks {
  params?: SchemaCheck;
  body?: SchemaCheck;
}

export function operationChecks(operationId: OperationId, validator: SpecValidator): OperationChecks {
  const operation = OPERATIONS[operationId];
  const checks: OperationChecks = {};
  const parameters: readonly ParameterDescription[] = operation.parameters;
  const pathParameters = parameters.filter((parameter) => parameter.in === 'path');
  if (pathParameters.length > 0) {
    const schema = {
      type: 'object',
      properties: Object.fromEntries(pathParameters.map((parameter) => [parameter.name, validator.ref(parameter.schema)])),
      required: pathParameters.filter((parameter) => parameter.required).map((parameter) => parameter.name),
    };
    checks.params = validator.compile(schema, (errors) => validationError(errors, 'params'));
  }
  if (operation.requestBody) {
    checks.body = validator.compile(validator.ref(operation.requestBody.schema), (errors) => validationError(errors, 'body'));
  }
  return checks;
}

/** Runs a check: throws the answer to invalid data; a promise while the schema is compiled (the first calls). */
export function runCheck(check: SchemaCheck, data: unknown, part: 'params' | 'body'): void | Promise<void> {
  const valid = check(data);
  if (valid === true) return;
  if (valid === false) throw validationError(check.errors, part);
  return valid.then(() => undefined);
}
