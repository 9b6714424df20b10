// Ajv validators compiled from the bundled spec, once per process. The whole document is
// registered under one id so the schemas' own `$ref`s (#/components/schemas/...) resolve
// exactly as written: nothing is copied by hand.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { escapePointer, resolvePointer, type LoadedSpec } from './spec.js';

const DOCUMENT_ID = 'push-api-openapi.json';

/** `x-max-bytes`: the UTF-8 byte length of a string (e.g. a tag is at most 40 bytes). */
function maxBytes(limit: number, data: unknown): boolean {
  if (typeof data !== 'string' || data.length <= limit / 3 || Buffer.byteLength(data, 'utf8') <= limit) return true;
  maxBytes.errors = [{ keyword: 'x-max-bytes', message: `must NOT have more than ${limit} bytes`, params: { limit } }];
  return false;
}
maxBytes.errors = [] as Partial<ErrorObject>[];

/** `x-max-serialized-length`: the JSON.stringify length of a value (custom_args). */
function maxSerializedLength(limit: number, data: unknown): boolean {
  if (JSON.stringify(data).length <= limit) return true;
  maxSerializedLength.errors = [
    {
      keyword: 'x-max-serialized-length',
      message: `must NOT be longer than ${limit} characters when serialised as JSON`,
      params: { limit },
    },
  ];
  return false;
}
maxSerializedLength.errors = [] as Partial<ErrorObject>[];

export interface Validators {
  /** The validator of an operation's JSON request body. */
  requestBody(operationId: string): ValidateFunction;
  /** The validator of one path parameter of an operation. */
  pathParameter(operationId: string, name: string): ValidateFunction;
}

export function compileValidators(spec: LoadedSpec): Validators {
  const ajv = new Ajv2020({
    // The spec carries OpenAPI keywords (example, x-…) that are annotations to Ajv.
    strict: false,
    allErrors: false,
    // `parentSchema` on errors lets a subschema's `x-error-code` choose the answer's code.
    verbose: true,
    validateFormats: true,
    // Start-up time: the bundle is linted by Redocly, so it is not checked against the
    // meta-schema again; referenced schemas are compiled as functions of their own, and the
    // generated code is not post-optimised (no measurable cost per request).
    validateSchema: false,
    inlineRefs: false,
    code: { optimize: false },
  });
  // OpenAPI's numeric formats: the ranges are already expressed by minimum/maximum.
  for (const format of ['int32', 'int64', 'float', 'double']) ajv.addFormat(format, true);
  ajv.addKeyword({ keyword: 'x-max-bytes', type: 'string', schemaType: 'number', errors: true, validate: maxBytes });
  ajv.addKeyword({
    keyword: 'x-max-serialized-length',
    schemaType: 'number',
    errors: true,
    validate: maxSerializedLength,
  });
  ajv.addSchema(spec.document, DOCUMENT_ID);

  const cache = new Map<string, ValidateFunction>();
  const compilePointer = (pointer: string): ValidateFunction => {
    let validate = cache.get(pointer);
    if (!validate) {
      validate = ajv.compile({ $ref: `${DOCUMENT_ID}${pointer}` });
      cache.set(pointer, validate);
    }
    return validate;
  };
  const operationOf = (operationId: string) => {
    const op = spec.operations.get(operationId);
    if (!op) throw new Error(`the spec has no operation ${operationId}`);
    return op;
  };

  return {
    requestBody(operationId) {
      const op = operationOf(operationId);
      const requestBody = resolvePointer(spec.document, `${op.pointer}/requestBody`);
      return compilePointer(`${requestBody.pointer}/content/${escapePointer('application/json')}/schema`);
    },
    pathParameter(operationId, name) {
      const op = operationOf(operationId);
      const pathItem = `#/paths/${escapePointer(op.path)}`;
      for (const base of [op.pointer, pathItem]) {
        const list = (resolvePointer(spec.document, base).value as { parameters?: unknown[] }).parameters ?? [];
        for (let i = 0; i < list.length; i++) {
          const param = resolvePointer(spec.document, `${base}/parameters/${i}`);
          const value = param.value as { name?: string; in?: string };
          if (value.name === name && value.in === 'path') return compilePointer(`${param.pointer}/schema`);
        }
      }
      throw new Error(`the spec's ${operationId} has no path parameter ${name}`);
    },
  };
}
