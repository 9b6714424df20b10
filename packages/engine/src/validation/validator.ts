// One Ajv per engine, holding the bundled document, so that an operation's schemas are
// `$ref`s to the spec's own schemas (nothing is copied). The engine asks for every operation's
// checks through `compile` when it is made; Ajv is loaded and compiles a schema on the first
// request that needs it: together they would be a third of a server's time to its first
// answer (~100 ms on a small machine), paid once instead by the first push and the first
// recall. The spec's limits that JSON Schema cannot say are keywords here:
//   x-max-bytes              the UTF-8 byte length of a string (tags, aliases)
//   x-max-serialized-length  the JSON length of a value (custom_args)
//   x-max-payload-bytes      notification + message of a push, serialised, in bytes
import type { Ajv2020, AnySchema, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { utf8Length } from '../json/utf8.js';

/** The bundled OpenAPI document, parsed (Ajv resolves the operations' schema pointers inside it). */
export type SpecDocument = Record<string, unknown>;

const DOCUMENT_ID = 'push-api-openapi.json';

type KeywordError = Partial<ErrorObject> & { parentSchema?: Record<string, unknown> };
interface KeywordFunction {
  (limit: number, data: unknown, parentSchema?: Record<string, unknown>): boolean;
  errors?: KeywordError[];
}

const utf8Bytes = (value: unknown): number => utf8Length(JSON.stringify(value));

/** Builds a keyword whose errors carry their subschema, so `x-error-code` next to it applies. */
function limitKeyword(
  keyword: string,
  message: (limit: number) => string,
  within: (limit: number, data: unknown) => boolean,
): KeywordFunction {
  const validate: KeywordFunction = (limit, data, parentSchema) => {
    if (within(limit, data)) return true;
    validate.errors = [{ keyword, message: message(limit), params: { limit }, ...(parentSchema ? { parentSchema } : {}) }];
    return false;
  };
  return validate;
}

const maxBytes = limitKeyword(
  'x-max-bytes',
  (limit) => `must NOT have more than ${limit} bytes`,
  // Fewer characters than limit/3 cannot exceed the limit: no need to count bytes.
  (limit, data) => typeof data !== 'string' || data.length <= limit / 3 || utf8Length(data) <= limit,
);

const maxSerializedLength = limitKeyword(
  'x-max-serialized-length',
  (limit) => `must NOT be longer than ${limit} characters when serialised as JSON`,
  (limit, data) => JSON.stringify(data).length <= limit,
);

const maxPayloadBytes = limitKeyword(
  'x-max-payload-bytes',
  (limit) => `notification and message must NOT exceed ${limit} bytes`,
  (limit, data) => {
    if (typeof data !== 'object' || data === null) return true;
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

/**
 * A request part's check (openapi/routes.ts runs it): true or false with `errors`, or, while its
 * schema is being compiled (the first calls), a promise of true or of the error to answer.
 */
export type SchemaCheck = ((data: unknown) => boolean | Promise<true>) & { errors?: ErrorObject[] | null };

export interface SpecValidator {
  /** A schema naming one of the document's schemas by its JSON pointer (`#/components/…`). */
  ref(pointer: string): { $ref: string };
  /**
   * The check of a schema (usually built of `ref`s), compiled once per schema on its first
   * call; `invalid` makes the error a failure answers with, for the calls that wait for it.
   */
  compile(schema: AnySchema, invalid: (errors: ErrorObject[]) => Error): SchemaCheck;
}

type Ajv2020Class = typeof Ajv2020;

function newAjv(Ajv: Ajv2020Class, spec: SpecDocument): Ajv2020 {
  const ajv = new Ajv({
    // The spec carries OpenAPI keywords (example, x-*) that are annotations to Ajv.
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
  ajv.addSchema(spec, DOCUMENT_ID);
  return ajv;
}

function checkCompiledOnFirstCall(compile: () => Promise<ValidateFunction>, invalid: (errors: ErrorObject[]) => Error): SchemaCheck {
  let compiled: ValidateFunction | undefined;
  let compiling: Promise<ValidateFunction> | undefined;
  const check: SchemaCheck = (data) => {
    if (compiled) {
      const valid = compiled(data);
      check.errors = compiled.errors;
      return valid;
    }
    // A failure to load Ajv or to compile a schema is the server's (500), not the request's.
    compiling ??= compile().then((validate) => (compiled = validate));
    // A promise's failure is the error itself: `errors` may be another request's by the time
    // the promise settles.
    return compiling.then((validate) => {
      if (validate(data)) return true;
      throw invalid(validate.errors ?? []);
    });
  };
  return check;
}

/** `spec` is called when Ajv is loaded (the first check), so the document is loaded only then. */
export function createSpecValidator(spec: () => Promise<SpecDocument>): SpecValidator {
  let ajv: Promise<Ajv2020> | undefined;
  // Through the default export (module.exports): Node's import of a CommonJS module and the
  // bundlers' agree on that one only.
  const loadAjv = () =>
    (ajv ??= Promise.all([import('ajv/dist/2020.js'), spec()]).then(
      ([
        {
          default: { Ajv2020: Ajv },
        },
        document,
      ]) => newAjv(Ajv, document),
    ));
  const cache = new Map<string, SchemaCheck>();
  return {
    ref: (pointer) => ({ $ref: `${DOCUMENT_ID}${pointer}` }),
    compile(schema, invalid) {
      const key = JSON.stringify(schema);
      let check = cache.get(key);
      if (!check) {
        check = checkCompiledOnFirstCall(async () => (await loadAjv()).compile(schema), invalid);
        cache.set(key, check);
      }
      return check;
    },
  };
}
