// The Fastify side of an operation of the spec: its method, its URL in Fastify's syntax, and
// the schemas Fastify validates its request with (refs to the spec's own schemas).
import type { FastifySchema, HTTPMethods } from 'fastify';
import { OPERATIONS, type OperationId } from '@push-api/types';
import type { SpecValidator } from './validator.js';

/** "/v4/push/withdraw/{msg_id}" → "/v4/push/withdraw/:msg_id". */
export function fastifyUrl(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}

interface ParameterDescription {
  name: string;
  in: string;
  required: boolean;
  schema: string;
}

export interface OperationRoute {
  method: HTTPMethods;
  url: string;
  schema: FastifySchema;
}

export function operationRoute(operationId: OperationId, validator: SpecValidator): OperationRoute {
  const operation = OPERATIONS[operationId];
  const schema: FastifySchema = {};
  const parameters: readonly ParameterDescription[] = operation.parameters;
  const pathParameters = parameters.filter((parameter) => parameter.in === 'path');
  if (pathParameters.length > 0) {
    schema.params = {
      type: 'object',
      properties: Object.fromEntries(pathParameters.map((parameter) => [parameter.name, validator.ref(parameter.schema)])),
      required: pathParameters.filter((parameter) => parameter.required).map((parameter) => parameter.name),
    };
  }
  if (operation.requestBody) schema.body = validator.ref(operation.requestBody.schema);
  return { method: operation.method, url: fastifyUrl(operation.path), schema };
}
