// JSON Schema → fast-check, for the keywords the bundled spec uses: valid values generated
// from a schema, and single targeted mutations of a valid value, each with the answer the
// server must give (code and message) when it breaks exactly one rule.
//
// Values are kept small (short strings, short arrays, few free-form keys) so that a push stays
// under the 4000-byte notification + message limit. A keyword this converter does not know
// makes it throw, so a spec that grows a new rule cannot be fuzzed by silently ignoring it.
import fc from 'fast-check';
import { resolveRef } from '@push-api/spec/operations';
import { ERROR_CODES, ERROR_MESSAGES } from '@push-api/types';

export type Schema = Record<string, unknown>;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Keywords that describe but do not constrain. */
const ANNOTATIONS = new Set([
  'description',
  'title',
  'example',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  'x-error-code',
  'x-error-message',
]);
/** Keywords generation and mutation understand. */
const KNOWN = new Set([
  '$ref',
  'type',
  'enum',
  'const',
  'properties',
  'required',
  'additionalProperties',
  'minProperties',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'oneOf',
  'anyOf',
  'allOf',
  'not',
  'x-max-bytes',
  'x-max-serialized-length',
  'x-max-payload-bytes',
  'x-max-json-depth',
]);

export interface Limits {
  /** Longest generated string (code points), whatever maxLength allows. */
  maxString: number;
  /** Longest generated array, whatever maxItems allows. */
  maxArray: number;
  /** Free-form keys added to an object that allows them. */
  maxExtraKeys: number;
}

const DEFAULT_LIMITS: Limits = { maxString: 12, maxArray: 3, maxExtraKeys: 2 };

export interface Expected {
  status: 400;
  code: number;
  /** The exact message, or (when only its start is fixed) the start. */
  message: { exact: string } | { startsWith: string } | { includes: string };
}

/** The kinds of rule a mutation breaks. */
export type MutationKind =
  | 'wrong type'
  | 'not the const'
  | 'not in the enum'
  | 'pattern'
  | 'int64 range'
  | 'maxLength'
  | 'minLength'
  | 'x-max-bytes'
  | 'minimum'
  | 'maximum'
  | 'minItems'
  | 'maxItems'
  | 'uniqueItems'
  | 'required'
  | 'additionalProperties'
  | 'minProperties'
  | 'x-max-serialized-length'
  | 'x-max-json-depth'
  | 'allOf: at least one of'
  | 'allOf: not together'
  | 'x-max-payload-bytes';

export interface Mutation {
  kind: MutationKind;
  /** What was broken, e.g. "drop required body.platform". */
  label: string;
  /** The value with exactly one rule broken. */
  value: Json;
  expected: Expected;
}

const CATALOGUE = new Map<number, string>(ERROR_CODES.map((entry) => [entry.code, entry.message]));
const messageOf = (code: number) => CATALOGUE.get(code) ?? '';

/** "body.options.cid"; the root is "request body" (as the server names it). */
export function dotted(path: readonly (string | number)[]): string {
  return path.length === 0 ? 'request body' : path.join('.');
}

const utf8Bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const INT64_MAX = 2n ** 63n - 1n;

export class SchemaFuzzer {
  readonly #document: Schema;
  readonly #limits: Limits;
  readonly #seed: number;
  /** Arbitraries are built once per schema (a regex-backed one is costly to build). */
  readonly #arbitraries = new Map<Schema, fc.Arbitrary<Json>>();
  readonly #samples = new Map<Schema, Json>();

  constructor(document: unknown, options: { limits?: Partial<Limits>; seed: number }) {
    this.#document = document as Schema;
    this.#limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.#seed = options.seed;
  }

  /** Follows `$ref`s ("#/components/…") to the schema they name (the spec package's resolver). */
  resolve(schema: unknown): Schema {
    const { value } = resolveRef(this.#document, schema, '#');
    if (value === true || value === undefined) return {};
    if (typeof value !== 'object' || value === null) throw new Error(`not a schema: ${JSON.stringify(value)}`);
    this.#checkKeywords(value as Schema);
    return value as Schema;
  }

  #checkKeywords(schema: Schema): void {
    for (const keyword of Object.keys(schema)) {
      if (!KNOWN.has(keyword) && !ANNOTATIONS.has(keyword))
        throw new Error(`the schema converter does not handle the keyword "${keyword}"`);
    }
  }

  /** The JSON types a schema accepts (through oneOf/anyOf branches); empty: any. */
  typesOf(schema: unknown): Set<string> {
    const s = this.resolve(schema);
    const types = new Set<string>();
    if (typeof s.type === 'string') types.add(s.type);
    if (Array.isArray(s.type)) s.type.forEach((t) => types.add(String(t)));
    for (const branch of [...((s.oneOf as unknown[] | undefined) ?? []), ...((s.anyOf as unknown[] | undefined) ?? [])]) {
      const inner = this.typesOf(branch);
      if (inner.size === 0) return new Set();
      inner.forEach((t) => types.add(t));
    }
    if (types.has('number')) types.add('integer');
    return types;
  }

  // ------------------------------------------------------------ generation

  /** An arbitrary of values the schema accepts. */
  arbitrary(schema: unknown): fc.Arbitrary<Json> {
    const s = this.resolve(schema);
    let arbitrary = this.#arbitraries.get(s);
    if (arbitrary === undefined) {
      arbitrary = this.#build(s);
      this.#arbitraries.set(s, arbitrary);
    }
    return arbitrary;
  }

  #build(s: Schema): fc.Arbitrary<Json> {
    if ('const' in s) return fc.constant(s.const as Json);
    if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as Json[]));
    const branches = (s.oneOf ?? s.anyOf) as unknown[] | undefined;
    if (branches !== undefined && s.type === undefined) return fc.oneof(...branches.map((branch) => this.arbitrary(branch)));
    switch (s.type) {
      case 'object':
        return this.#object(s);
      case 'array':
        return this.#array(s);
      case 'string':
        return this.#string(s);
      case 'integer':
      case 'number':
        return this.#number(s);
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case undefined:
        return this.#freeValue();
      default:
        throw new Error(`unsupported type ${JSON.stringify(s.type)}`);
    }
  }

  /** A small free-form JSON value (for `additionalProperties: true` and untyped schemas). */
  #freeValue(): fc.Arbitrary<Json> {
    return fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.integer({ min: -1000, max: 1000 }),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
    );
  }

  #object(s: Schema): fc.Arbitrary<Json> {
    const properties = (s.properties ?? {}) as Record<string, unknown>;
    const required = new Set((s.required as string[] | undefined) ?? []);
    const optional = Object.keys(properties).filter((key) => !required.has(key));
    const constraints = ((s.allOf as unknown[] | undefined) ?? []).map((sub) => this.resolve(sub));
    // "At least one of these": pick one branch's required keys.
    const choices = constraints
      .map((sub) => requiredBranches(sub.anyOf))
      .filter((branches): branches is string[][] => branches !== undefined)
      .map((branches) => fc.constantFrom(...branches));
    // "Never these together": sets of keys that may not all be present.
    const exclusions = constraints.flatMap((sub) => requiredBranches((sub.not as Schema | undefined)?.anyOf) ?? []);
    const minProperties = typeof s.minProperties === 'number' ? s.minProperties : 0;

    const keysArb = fc
      .tuple(fc.tuple(...choices), fc.array(fc.boolean(), { minLength: optional.length, maxLength: optional.length }))
      .map(([chosen, include]) => {
        const keys = new Set<string>([...required, ...chosen.flat()]);
        const allowed = (key: string) =>
          !exclusions.some((set) => set.includes(key) && set.every((other) => other === key || keys.has(other)));
        optional.forEach((key, i) => {
          if (include[i] === true && allowed(key)) keys.add(key);
        });
        for (const key of optional) {
          if (keys.size >= minProperties) break;
          if (allowed(key)) keys.add(key);
        }
        return [...keys];
      });

    const free = s.additionalProperties !== false && this.#limits.maxExtraKeys > 0;
    const extraArb: fc.Arbitrary<Record<string, Json>> = free
      ? fc.dictionary(
          fc.stringMatching(/^x_[a-z]{1,6}$/).filter((key) => !(key in properties)),
          this.#freeValue(),
          { maxKeys: this.#limits.maxExtraKeys },
        )
      : fc.constant({});

    let arbitrary: fc.Arbitrary<Json> = fc
      .tuple(
        keysArb.chain((keys) =>
          fc.record(Object.fromEntries(keys.map((key) => [key, this.arbitrary(properties[key])])) as Record<string, fc.Arbitrary<Json>>),
        ),
        extraArb,
      )
      .map(([own, extra]) => ({ ...extra, ...own }));
    const serialized = s['x-max-serialized-length'];
    if (typeof serialized === 'number') arbitrary = arbitrary.filter((value) => JSON.stringify(value).length <= serialized);
    for (const sub of constraints) {
      const payload = sub['x-max-payload-bytes'];
      if (typeof payload === 'number') arbitrary = arbitrary.filter((value) => payloadBytes(value) <= payload);
    }
    return arbitrary;
  }

  #array(s: Schema): fc.Arbitrary<Json> {
    const minLength = typeof s.minItems === 'number' ? s.minItems : 0;
    const maxLength = Math.max(minLength, Math.min(typeof s.maxItems === 'number' ? s.maxItems : Infinity, this.#limits.maxArray));
    const items = this.arbitrary(s.items);
    return s.uniqueItems === true
      ? fc.uniqueArray(items, { minLength, maxLength, selector: (value) => JSON.stringify(value) })
      : fc.array(items, { minLength, maxLength });
  }

  #string(s: Schema): fc.Arbitrary<Json> {
    const minLength = typeof s.minLength === 'number' ? s.minLength : 0;
    let maxLength = Math.min(typeof s.maxLength === 'number' ? s.maxLength : Infinity, this.#limits.maxString);
    const maxBytes = s['x-max-bytes'];
    // A code point is at most 4 bytes in UTF-8.
    if (typeof maxBytes === 'number') maxLength = Math.min(maxLength, Math.floor(maxBytes / 4));
    maxLength = Math.max(maxLength, minLength);
    let arbitrary: fc.Arbitrary<string> =
      typeof s.pattern === 'string' ? fc.stringMatching(new RegExp(s.pattern)) : fc.string({ unit: 'binary', minLength, maxLength });
    const length = (text: string) => Array.from(text).length;
    if (typeof s.pattern === 'string' && (typeof s.maxLength === 'number' || typeof s.minLength === 'number')) {
      arbitrary = arbitrary.filter((text) => length(text) >= minLength && (typeof s.maxLength !== 'number' || length(text) <= s.maxLength));
    }
    if (typeof maxBytes === 'number') arbitrary = arbitrary.filter((text) => Buffer.byteLength(text, 'utf8') <= maxBytes);
    if (s.format === 'int64')
      arbitrary = arbitrary.filter((text) => /^-?[0-9]{1,19}$/.test(text) && BigInt(text) <= INT64_MAX && BigInt(text) >= -INT64_MAX - 1n);
    return arbitrary;
  }

  #number(s: Schema): fc.Arbitrary<Json> {
    let min = typeof s.minimum === 'number' ? s.minimum : -1_000_000;
    let max = typeof s.maximum === 'number' ? s.maximum : 1_000_000;
    if (typeof s.exclusiveMinimum === 'number') min = s.exclusiveMinimum + (s.type === 'integer' ? 1 : Number.EPSILON);
    if (typeof s.exclusiveMaximum === 'number') max = s.exclusiveMaximum - (s.type === 'integer' ? 1 : Number.EPSILON);
    if (s.format === 'int32') {
      min = Math.max(min, -(2 ** 31));
      max = Math.min(max, 2 ** 31 - 1);
    }
    if (s.type === 'integer')
      return fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) });
    return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  }

  /** One valid value of a schema, the same for a given seed (for mutations that add a property). */
  sampleOne(schema: unknown): Json {
    const s = this.resolve(schema);
    let value = this.#samples.get(s);
    if (value === undefined) {
      value = fc.sample(this.arbitrary(s), { numRuns: 1, seed: this.#seed })[0] ?? null;
      this.#samples.set(s, value);
    }
    return value;
  }

  // ------------------------------------------------------------ mutations

  /** Every single-rule break of a valid `value` of `schema`, each with the answer it must get. */
  mutations(value: Json, schema: unknown): Mutation[] {
    const found: Mutation[] = [];
    this.#mutate(value, schema, [], (kind, label, path, replace, expected) => {
      found.push({ kind, label, value: replaceAt(value, path, replace), expected });
    });
    return found;
  }

  #mutate(value: Json, schema: unknown, path: (string | number)[], add: AddMutation): void {
    const s = this.resolve(schema);
    const where = dotted(path);
    /** A keyword of `owner` fails: its x-error-code / x-error-message decide, else `code`. */
    const expect = (owner: Schema, code: number, at: string = where): Expected => {
      const declared = typeof owner['x-error-code'] === 'number' ? owner['x-error-code'] : code;
      const name = owner['x-error-message'] as keyof typeof ERROR_MESSAGES | undefined;
      return {
        status: 400,
        code: declared,
        message: name !== undefined ? { exact: ERROR_MESSAGES[name] } : { startsWith: `${messageOf(declared)},${at}` },
      };
    };

    // A value of a type the schema does not take.
    const types = this.typesOf(s);
    if (types.size > 0) {
      const wrong = WRONG_TYPES.find(({ type }) => !types.has(type) && !(path.length === 0 && type === 'null'));
      if (wrong !== undefined) add('wrong type', `wrong type (${wrong.type}) at ${where}`, path, () => wrong.value, expect(s, 21003));
    }

    // oneOf / anyOf: the branch the value is of decides the rules inside it.
    const branches = (s.oneOf ?? s.anyOf) as unknown[] | undefined;
    if (branches !== undefined) {
      const branch = branches.find((b) => {
        const t = this.typesOf(b);
        return t.size === 0 || t.has(typeOf(value));
      });
      if (branch !== undefined) this.#mutateKeywords(value, this.resolve(branch), path, add, expect);
      return;
    }
    this.#mutateKeywords(value, s, path, add, expect);
  }

  #mutateKeywords(
    value: Json,
    s: Schema,
    path: (string | number)[],
    add: AddMutation,
    expect: (owner: Schema, code: number, at?: string) => Expected,
  ): void {
    const where = dotted(path);
    if ('const' in s) {
      const other = typeof s.const === 'string' ? `${s.const}x` : typeof s.const === 'number' ? s.const + 1 : null;
      if (other !== null) add('not the const', `not the const at ${where}`, path, () => other, expect(s, 21003));
      return;
    }
    if (Array.isArray(s.enum)) {
      const listed = s.enum as Json[];
      const other = typeof listed[0] === 'number' ? Math.max(...(listed as number[])) + 7 : 'zz-not-listed';
      add('not in the enum', `not in the enum at ${where}`, path, () => other, expect(s, 21003));
      return;
    }

    if (typeof value === 'string') {
      if (typeof s.pattern === 'string') {
        const pattern = new RegExp(s.pattern, 'u');
        const off = ['', '0', ' ', '!', 'a b', '€', '-1', 'x'.repeat(70)].find(
          (text) =>
            !pattern.test(text) &&
            text.length <= ((s.maxLength as number | undefined) ?? Infinity) &&
            text.length >= ((s.minLength as number | undefined) ?? 0),
        );
        if (off !== undefined) add('pattern', `does not match the pattern at ${where}`, path, () => off, expect(s, 21003));
      }
      if (s.format === 'int64' && (typeof s.pattern !== 'string' || new RegExp(s.pattern, 'u').test('9223372036854775808'))) {
        add('int64 range', `above int64 at ${where}`, path, () => '9223372036854775808', expect(s, 21003));
      }
      const maxLength = s.maxLength;
      if (typeof maxLength === 'number' && maxLength <= 1024)
        add('maxLength', `longer than ${maxLength} at ${where}`, path, () => 'a'.repeat(maxLength + 1), expect(s, 21003));
      if (typeof s.minLength === 'number' && s.minLength > 0)
        add('minLength', `shorter than ${s.minLength} at ${where}`, path, () => '', expect(s, 21003));
      const maxBytes = s['x-max-bytes'];
      if (typeof maxBytes === 'number') {
        const euros = '€'.repeat(Math.ceil((maxBytes + 1) / 3));
        if (typeof maxLength !== 'number' || euros.length <= maxLength)
          add('x-max-bytes', `more than ${maxBytes} bytes at ${where}`, path, () => euros, expect(s, 21003));
      }
      return;
    }

    if (typeof value === 'number') {
      if (typeof s.minimum === 'number')
        add('minimum', `below the minimum at ${where}`, path, () => (s.minimum as number) - 1, expect(s, 21003));
      if (typeof s.maximum === 'number')
        add('maximum', `above the maximum at ${where}`, path, () => (s.maximum as number) + 1, expect(s, 21003));
      return;
    }

    if (Array.isArray(value)) {
      if (typeof s.minItems === 'number' && s.minItems > 0)
        add('minItems', `fewer than ${s.minItems} items at ${where}`, path, () => [], expect(s, 21003));
      const items = this.resolve(s.items);
      const maxItems = s.maxItems;
      if (
        typeof maxItems === 'number' &&
        maxItems <= 1000 &&
        items.type === 'string' &&
        items.enum === undefined &&
        items.pattern === undefined
      ) {
        const filler = Array.from({ length: maxItems + 1 }, (_, i) => `m${i}`);
        add('maxItems', `more than ${maxItems} items at ${where}`, path, () => filler, expect(s, 21003));
      }
      if (s.uniqueItems === true && value.length > 0 && (typeof maxItems !== 'number' || value.length < maxItems)) {
        add(
          'uniqueItems',
          `a repeated item at ${where}`,
          path,
          (old) => [...(old as Json[]), ...(old as Json[]).slice(0, 1)],
          expect(s, 21003),
        );
      }
      value.forEach((item, i) => this.#mutate(item, s.items, [...path, i], add));
      return;
    }

    if (value === null || typeof value !== 'object') return;
    const properties = (s.properties ?? {}) as Record<string, unknown>;
    const required = (s.required as string[] | undefined) ?? [];
    for (const key of required) {
      if (key in value) {
        const at = [...path, key];
        add('required', `drop required ${dotted(at)}`, at, () => REMOVE, {
          status: 400,
          code: 21002,
          message: { exact: `${messageOf(21002)},${dotted(at)}` },
        });
      }
    }
    if (s.additionalProperties === false) {
      const at = [...path, 'x_unexpected'];
      add('additionalProperties', `extra property ${dotted(at)}`, at, () => 1, {
        status: 400,
        code: 21003,
        message: { exact: `${messageOf(21003)},${dotted(at)} is not allowed` },
      });
    }
    if (typeof s.minProperties === 'number' && s.minProperties > 0 && required.length === 0) {
      add('minProperties', `fewer than ${s.minProperties} properties at ${where}`, path, () => ({}), expect(s, 21003));
    }
    const serialized = s['x-max-serialized-length'];
    if (typeof serialized === 'number')
      add(
        'x-max-serialized-length',
        `longer than ${serialized} serialised at ${where}`,
        path,
        () => ({ pad: 'p'.repeat(serialized) }),
        expect(s, 21003),
      );
    const depth = s['x-max-json-depth'];
    if (typeof depth === 'number') {
      // The first free-form object property holds a nest one level too deep (the root is level 1).
      const free = Object.entries(properties).find(([, sub]) => {
        const r = this.resolve(sub);
        return r.type === 'object' && r.additionalProperties !== false;
      });
      if (free !== undefined) {
        let nest: Json = 1;
        for (let i = 0; i < depth; i++) nest = { a: nest };
        add('x-max-json-depth', `nested deeper than ${depth} at ${dotted([...path, free[0]])}`, [...path, free[0]], () => nest, {
          status: 400,
          code: 21003,
          message: { includes: `nests deeper than ${depth} levels` },
        });
      }
    }
    for (const sub of ((s.allOf as unknown[] | undefined) ?? []).map((each) => this.resolve(each))) {
      const atLeastOne = requiredBranches(sub.anyOf);
      if (atLeastOne !== undefined) {
        const present = atLeastOne.flat().filter((key) => key in value);
        add(
          'allOf: at least one of',
          `none of ${atLeastOne.flat().join(', ')} at ${where}`,
          path,
          (old) => omit(old as Record<string, Json>, present),
          expect(sub, 21003),
        );
      }
      const together = requiredBranches((sub.not as Schema | undefined)?.anyOf);
      const pair = together?.find((set) => set.length === 2 && set.filter((key) => key in value).length === 1);
      if (pair !== undefined) {
        const missing = pair.find((key) => !(key in value)) ?? '';
        const extra = this.sampleOne(properties[missing]);
        add(
          'allOf: not together',
          `${pair.join(' and ')} together at ${where}`,
          path,
          (old) => ({ ...(old as Record<string, Json>), [missing]: extra }),
          expect(sub, 21003),
        );
      }
      const payload = sub['x-max-payload-bytes'];
      if (typeof payload === 'number') {
        // The limit counts notification and message, serialised: one long text breaks it.
        const record = value;
        const field = isObject(record.notification)
          ? ['notification', 'alert']
          : isObject(record.message)
            ? ['message', 'msg_content']
            : undefined;
        if (field !== undefined)
          add(
            'x-max-payload-bytes',
            `notification + message over ${payload} bytes at ${where}`,
            [...path, ...field],
            () => 'a'.repeat(payload),
            expect(sub, 21005),
          );
      }
    }
    for (const [key, child] of Object.entries(value)) {
      if (key in properties) this.#mutate(child, properties[key], [...path, key], add);
    }
  }
}

const REMOVE = Symbol('remove');

type AddMutation = (
  kind: MutationKind,
  label: string,
  path: (string | number)[],
  replace: (old: Json | undefined) => Json | typeof REMOVE,
  expected: Expected,
) => void;

const WRONG_TYPES: { type: string; value: Json }[] = [
  { type: 'string', value: 'not-this-type' },
  { type: 'number', value: 1.5 },
  { type: 'boolean', value: true },
  { type: 'array', value: [] },
  { type: 'object', value: { x: 1 } },
  { type: 'null', value: null },
];

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function omit(record: Record<string, Json>, keys: string[]): Json {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !keys.includes(key)));
}

/** anyOf: [{required: [...]}, …] → the lists of keys; undefined when it is not of that form. */
function requiredBranches(anyOf: unknown): string[][] | undefined {
  if (!Array.isArray(anyOf)) return undefined;
  const lists = anyOf.map((branch) =>
    isObject(branch) && Object.keys(branch).length === 1 && Array.isArray(branch.required) ? (branch.required as string[]) : undefined,
  );
  return lists.every((list) => list !== undefined) ? lists : undefined;
}

/** notification + message of a push body, serialised, in bytes (x-max-payload-bytes). */
function payloadBytes(value: Json): number {
  if (!isObject(value)) return 0;
  return (
    (value.notification === undefined ? 0 : utf8Bytes(value.notification)) + (value.message === undefined ? 0 : utf8Bytes(value.message))
  );
}

/** A copy of `root` with the value at `path` replaced (or removed, or created). */
function replaceAt(root: Json, path: readonly (string | number)[], replace: (old: Json | undefined) => Json | typeof REMOVE): Json {
  if (path.length === 0) {
    const next = replace(root);
    return next === REMOVE ? null : next;
  }
  const copy = JSON.parse(JSON.stringify(root)) as Json;
  let node = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  const last = path[path.length - 1] ?? '';
  const next = replace(node[last]);
  if (next === REMOVE) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else Reflect.deleteProperty(node, last);
  } else {
    node[last] = next;
  }
  return copy;
}
