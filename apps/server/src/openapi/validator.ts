// One Ajv for the whole server, holding the bundled document, so that route schemas are
// `$ref`s to the spec's own schemas (nothing is copied). Fastify compiles every route's
// schemas through `compile` (its validator compiler). The spec's limits that JSON Schema
// cannot say are keywords here:
//   x-max-bytes              the UTF-8 byte length of a string (tags, aliases)
//   x-max-serialized-length  the JSON length of a value (custom_args)
//   x-max-payload-bytes      notification + message of a push, serialised, in bytes
import { Ajv2020, type AnySchema, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { rawBytesOf } from '../json/raw-size.js';
import type { SpecDocument } from './document.js';

const DOCUMENT_ID = 'push-api-openapi.json';

type KeywordError = Partial<ErrorObject> & { parentSchema?: Record<string, unknown> };
interface KeywordFunction {
  (limit: number, data: unknown, parentSchema?: Record<string, unknown>, dataContext?: { rootData: unknown }): boolean;
  errors?: KeywordError[];
}

const utf8Bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

/** Builds a keyword whose errors carry their subschema, so `x-error-code` next to it applies. */
function limitKeyword(
  keyword: string,
  message: (limit: number) => string,
  within: (limit: number, data: unknown, root: unknown) => boolean,
): KeywordFunction {
  const validate: KeywordFunction = (limit, data, parentSchema, dataContext) => {
    if (within(limit, data, dataContext?.rootData)) return true;
    validate.errors = [{ keyword, message: message(limit), params: { limit }, ...(parentSchema ? { parentSchema } : {}) }];
    return false;
  };
  return validate;
}

const maxBytes = limitKeyword(
  'x-max-bytes',
  (limit) => `must NOT have more than ${limit} bytes`,
  // Fewer characters than limit/3 cannot exceed the limit: no need to count bytes.
  (limit, data) => typeof data !== 'string' || data.length <= limit / 3 || Buffer.byteLength(data, 'utf8') <= limit,
);

const maxSerializedLength = limitKeyword(
  'x-max-serialized-length',
  (limit) => `must NOT be longer than ${limit} characters when serialised as JSON`,
  (limit, data) => JSON.stringify(data).length <= limit,
);

const maxPayloadBytes = limitKeyword(
  'x-max-payload-bytes',
  (limit) => `notification and message must NOT exceed ${limit} bytes`,
  (limit, data, root) => {
    if (typeof data !== 'object' || data === null) return true;
    // A body whose whole text is within the limit: its parts are too (json/raw-size.ts).
    const rawBytes = rawBytesOf(root);
    if (rawBytes !== undefined && rawBytes <= limit) return true;
    const { notification, message } = data as { notification?: unknown; message?: unknown };
    let bytes = 0;
    if (notification !== undefined) bytes += utf8Bytes(notification);
    if (message !== undefined) bytes += utf8Bytes(message);
    return bytes <= limit;
  },
);

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function isInt64String(text: string): boolean {
  if (!/^-?[0-9]{1,19}$/.test(text)) return false;
  const value = BigInt(text);
  return value >= INT64_MIN && value <= INT64_MAX;
}

export interface SpecValidator {
  /** A schema naming one of the document's schemas by its JSON pointer (`#/components/…`). */
  ref(pointer: string): { $ref: string };
  /** Compiles a schema (usually built of `ref`s); the same schema is compiled once. */
  compile(schema: AnySchema): ValidateFunction;
}

export function createSpecValidator(spec: SpecDocument): SpecValidator {
  const ajv = new Ajv2020({
    // The spec carries OpenAPI keywords (example, x-…) that are annotations to Ajv.
    strict: false,
    allErrors: false,
    // `parentSchema` on errors lets a subschema's `x-error-code` choose the answer's code.
    verbose: true,
    validateFormats: true,
    // The bundle is linted by Redocly, so it is not checked against the meta-schema again;
    // referenced schemas are compiled as functions of their own.
    validateSchema: false,
    inlineRefs: false,
    code: { optimize: false },
  });
  // OpenAPI's numeric formats: on numbers, minimum/maximum say the range. `int64` on a digit
  // string (a 64-bit id sent as text) is checked here: from -2^63 to 2^63 - 1.
  for (const format of ['int32', 'float', 'double']) ajv.addFormat(format, true);
  ajv.addFormat('int64', { type: 'string', validate: isInt64String });
  for (const [keyword, validate, type] of [
    ['x-max-bytes', maxBytes, 'string'],
    ['x-max-serialized-length', maxSerializedLength, undefined],
    ['x-max-payload-bytes', maxPayloadBytes, 'object'],
  ] as const) {
    ajv.addKeyword({ keyword, schemaType: 'number', errors: true, validate, ...(type ? { type } : {}) });
  }
  ajv.addSchema(spec.document, DOCUMENT_ID);

  const cache = new Map<string, ValidateFunction>();
  return {
    ref: (pointer) => ({ $ref: `${DOCUMENT_ID}${pointer}` }),
    compile(schema) {
      const key = JSON.stringify(schema);
      let validate = cache.get(key);
      if (!validate) {
        validate = ajv.compile(schema);
        cache.set(key, validate);
      }
      return validate;
    },
  };
}
