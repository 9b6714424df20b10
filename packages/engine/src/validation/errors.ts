// Turns an Ajv failure into the API's error envelope:
// - a subschema that declares `x-error-code` decides the answer, with the catalogue message
//   its `x-error-message` names (e.g. PushBody's content rules → 21002 / 21306 / 21005,
//   big_push_duration → 23006, a msg_id that is not a numeric string → 21003);
// - else a missing body or property → 21002 "Required parameter missing,<path>";
// - else 21003 "Parameter value is invalid,<path> <what is wrong>".
// For oneOf/anyOf, the most specific branch error (deepest instancePath) is reported.
import type { ErrorObject } from 'ajv/dist/2020.js';
import { ERROR_MESSAGES, type ErrorCode } from '@push-api/types';
import { ApiError, apiError, catalogueMessage, type MessageName } from '../errors.js';

const COMPOSITE = new Set(['oneOf', 'anyOf']);

/** "/body/options/time_to_live" → "body.options.time_to_live"; "" → "request body". */
export function dottedPath(instancePath: string, property?: string): string {
  const segments = instancePath === '' ? [] : instancePath.slice(1).split('/');
  if (property !== undefined) segments.push(property);
  if (segments.length === 0) return 'request body';
  return segments.map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
}

function depth(error: ErrorObject): number {
  let n = 0;
  for (let i = 0; i < error.instancePath.length; i++) if (error.instancePath.charCodeAt(i) === 47) n++;
  return n;
}

const parentOf = (schemaPath: string) => schemaPath.slice(0, schemaPath.lastIndexOf('/'));

/** With allErrors off, the last error is the one that failed; earlier ones are its branches'. */
function pickError(errors: readonly ErrorObject[]): ErrorObject {
  const failed = errors[errors.length - 1];
  if (failed === undefined) throw new TypeError('pickError needs at least one error');
  if (!COMPOSITE.has(failed.keyword) || failed.parentSchema?.['x-error-code'] !== undefined) return failed;
  const branches = errors.slice(0, -1);
  const ownDepth = depth(failed);
  // A branch whose type does not match the value itself says nothing useful about it: skip
  // that type error and its siblings (e.g. `const` next to `type: string` for a number).
  const mistyped = new Set(branches.filter((e) => e.keyword === 'type' && depth(e) === ownDepth).map((e) => parentOf(e.schemaPath)));
  let best: ErrorObject | undefined;
  let bestDepth = -1;
  for (const candidate of branches) {
    const d = depth(candidate);
    if (d === ownDepth && (candidate.keyword === 'type' || mistyped.has(parentOf(candidate.schemaPath)))) continue;
    if (d > bestDepth) {
      best = candidate;
      bestDepth = d;
    }
  }
  // Every branch disagreed on the type of the value itself: say it matches no allowed form.
  return best ?? failed;
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'oneOf':
    case 'anyOf':
      return 'does not match any allowed form';
    case 'format':
      return params.format === 'int64' ? 'must be a 64-bit integer (at most 9223372036854775807)' : (error.message ?? 'is invalid');
    default:
      return error.message ?? 'is invalid';
  }
}

/** What a failure of `errors` answers; `part` is the part of the request that failed. */
export function validationError(errors: readonly ErrorObject[] | null | undefined, part = 'body'): ApiError {
  if (!errors || errors.length === 0) return apiError('INVALID_PARAMETER', 'request body');
  const error = pickError(errors);
  // An absent body is validated as null (engine.ts).
  if (part === 'body' && error.instancePath === '' && error.data === null) return apiError('MISSING_PARAMETER', 'request body');
  const declared = error.parentSchema?.['x-error-code'] as ErrorCode | undefined;
  if (declared !== undefined) {
    const name = error.parentSchema?.['x-error-message'] as MessageName | undefined;
    return new ApiError(
      declared,
      name ? ERROR_MESSAGES[name] : `${catalogueMessage(declared)},${dottedPath(error.instancePath)} ${describe(error)}`,
    );
  }
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return apiError('MISSING_PARAMETER', dottedPath(error.instancePath, missing));
  }
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return apiError('INVALID_PARAMETER', `${dottedPath(error.instancePath, extra)} is not allowed`);
  }
  return apiError('INVALID_PARAMETER', `${dottedPath(error.instancePath)} ${describe(error)}`);
}
