// Generators of hostile HTTP requests for fast-check: methods, request targets, headers and
// bodies as raw bytes, each target tagged with the route it reaches (so the statuses it may
// answer are known) and each msg_id with what a recall of it must answer.
import { METHODS } from 'node:http';
import fc from 'fast-check';
import { OTHER_APP, TEST_APP, basicAuthorization } from '@push-api/test-support';
import type { Route } from './answers.js';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
/** A string's UTF-8 bytes as a latin1 string: how raw bytes go into a request line or header. */
export const utf8AsLatin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

/** Every method Node's HTTP parser knows, except CONNECT (a proxy tunnel, never a route). */
export const HTTP_METHODS = METHODS.filter((method) => method !== 'CONNECT');

export const VALID_AUTHORIZATION = basicAuthorization(TEST_APP);

// ---------------------------------------------------------------- Authorization

export interface AuthChoice {
  label: 'valid' | 'valid-other-app' | 'none' | 'wrong-secret' | 'unknown-app' | 'malformed' | 'garbage' | 'huge';
  value: string | undefined;
}

export const authorizationArb: fc.Arbitrary<AuthChoice> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<AuthChoice>({ label: 'valid', value: VALID_AUTHORIZATION }) },
  { weight: 1, arbitrary: fc.constant<AuthChoice>({ label: 'valid-other-app', value: basicAuthorization(OTHER_APP) }) },
  { weight: 2, arbitrary: fc.constant<AuthChoice>({ label: 'none', value: undefined }) },
  {
    weight: 1,
    arbitrary: fc
      .string({ minLength: 1, maxLength: 40 })
      .filter((secret) => secret !== TEST_APP.masterSecret)
      .map((secret): AuthChoice => ({ label: 'wrong-secret', value: `Basic ${base64(`${TEST_APP.appKey}:${secret}`)}` })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), fc.string({ minLength: 1, maxLength: 30 }))
      .filter(([appKey]) => appKey !== TEST_APP.appKey && appKey !== OTHER_APP.appKey)
      .map(([appKey, secret]): AuthChoice => ({ label: 'unknown-app', value: `Basic ${base64(`${appKey}:${secret}`)}` })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        '',
        'Basic',
        'Basic ',
        'Basic !!!!',
        'Basic ====',
        'Bearer eyJhbGciOiJub25lIn0.e30.',
        'Digest username="c96f42e0d2e662e45d035ab1"',
        `Basic ${base64('no-colon-at-all')}`,
        `Basic ${base64(':only-a-secret')}`,
        `Basic ${base64(`${TEST_APP.appKey}:`)}`,
        `Basic ${base64(`${TEST_APP.appKey}:${TEST_APP.masterSecret}`).slice(0, -3)}`,
        `Basic ${base64(`${TEST_APP.appKey}:${TEST_APP.masterSecret}`)}, Basic ${base64('x:y')}`,
        `Basic ${base64(`${TEST_APP.appKey.toUpperCase()}:${TEST_APP.masterSecret}`)}`,
        `Basic ${base64(`${TEST_APP.appKey}:${TEST_APP.masterSecret} `)}`,
      )
      .map((value): AuthChoice => ({ label: 'malformed', value })),
  },
  {
    weight: 1,
    arbitrary: fc
      .string({ unit: 'binary', maxLength: 60 })
      .map((text): AuthChoice => ({ label: 'garbage', value: `Basic ${base64(text)}` })),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1_000, max: 20_000 })
      .map((n): AuthChoice => ({ label: 'huge', value: `Basic ${'QUJD'.repeat(Math.ceil(n / 4))}` })),
  },
);

// ---------------------------------------------------------------- request targets

export interface TargetChoice {
  route: Route;
  target: string;
  /** A broken percent-encoding: refused (400) before routing, whatever the method. */
  malformedUrl?: boolean;
}

const queryArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9=&._~-]{0,24}$/).map((query) => `?${query}`) },
);

/** Repeated slashes count as one in routing (clients that join "base/" and "/v4/push" send them). */
const slashesArb = fc.constantFrom('/', '/', '/', '//');

export interface MsgIdChoice {
  /** As written in the request target (latin1: raw bytes allowed). */
  raw: string;
  /**
   * What a recall answers: `numeric` (200, or 400 not exist / has been withdrawn), `not-numeric`
   * (400 "must be a numeric string"), `no-route` (404: the id has a "/"), `malformed-url`
   * (400: a broken percent-encoding), `unpinned` (raw bytes or ?#; the parser or router decides).
   */
  kind: 'numeric' | 'not-numeric' | 'no-route' | 'malformed-url' | 'unpinned';
}

/** A control byte, a space or a byte ≥ 0x7f (as sent: latin1). */
function hasRawByte(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || code >= 0x7f) return true;
  }
  return false;
}

/** What the server makes of a msg_id segment as sent. */
export function classifyMsgId(raw: string): MsgIdChoice['kind'] {
  // Control bytes, spaces, bytes ≥ 0x7f: the HTTP parser's business, not the route's.
  if (hasRawByte(raw) || /[?#;]/.test(raw)) return 'unpinned';
  if (raw.includes('/')) return 'no-route';
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return 'malformed-url';
  }
  return /^[0-9]{1,20}$/.test(decoded) ? 'numeric' : 'not-numeric';
}

const percentEncodeSome = (text: string, mask: number) =>
  Array.from(text)
    .map((char, i) => ((mask >> (i % 30)) & 1 ? `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}` : char))
    .join('');

/** msg_id segments: real ids, digit strings of every length, and everything a recall must refuse. */
export function msgIdArb(existing: readonly string[]): fc.Arbitrary<MsgIdChoice> {
  const raw: fc.Arbitrary<string> = fc.oneof(
    ...(existing.length > 0 ? [{ weight: 4, arbitrary: fc.constantFrom(...existing) }] : []),
    { weight: 3, arbitrary: fc.stringMatching(/^[0-9]{1,20}$/) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 1, max: 12 }), fc.constantFrom(...(existing.length > 0 ? existing : ['1'])))
        .map(([n, id]) => '0'.repeat(n) + id),
    },
    { weight: 2, arbitrary: fc.stringMatching(/^[0-9]{21,40}$/) },
    { weight: 1, arbitrary: fc.stringMatching(/^-[0-9]{1,19}$/) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.stringMatching(/^[0-9]{1,20}$/), fc.integer()).map(([digits, mask]) => percentEncodeSome(digits, mask)),
    },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 24 }).map((text) => encodeURIComponent(text)) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }).map(utf8AsLatin1) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '',
        '.',
        '..',
        '%2e%2e',
        '%2F',
        '1%2F2',
        '..%2F..%2Fetc%2Fpasswd',
        '1/2',
        '../1',
        '1/',
        '%00',
        '1%00',
        '\x00',
        '1\x00',
        '%',
        '%2',
        '%zz',
        '%C0%80',
        '%ED%A0%80',
        '%EF%BC%91', // a full-width 1
        '%D9%A1', // an Arabic-Indic 1
        '1e3',
        '0x10',
        '+1',
        '%201',
        '1.0',
        'NaN',
        'Infinity',
        '18446744073709551616',
        '9223372036854775808',
        '99999999999999999999',
        '00000000000000000000',
        '000000000000000000001',
        ' 1',
        '1;x',
        '1?x=1',
        '1#x',
      ),
    },
  );
  return raw.map((id) => ({ raw: id, kind: classifyMsgId(id) }));
}

const META_PATHS = ['/', '/healthz', '/openapi.json'];

const UNKNOWN_PATHS = [
  '/v4',
  '/v4/',
  '/v4/push/',
  '/v4/pushx',
  '/v4/push/x',
  '/v4/push/validate/',
  '/v4/push/validate/1',
  '/v4/push/withdraw',
  '/v4/push/withdraw/1/2',
  '/v4/push/withdraw/../1',
  '/v3/push',
  '/v5/push',
  '/push',
  '/../../etc/passwd',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/v4/push/withdraw%2F1/x',
  '/healthz/x',
  '/openapi.json/x',
  '/.env',
  '/admin',
  '/%C3%A9',
  '/%00',
];

/** Targets whose routing is the router's own business (encoded or odd spellings of API paths). */
const UNPINNED_TARGETS = [
  '/v4/push%2Fvalidate',
  '/v4/push%2Fwithdraw/1',
  '/v4/%70ush',
  '/V4/PUSH',
  '/v4/push;x=1',
  '/v4/push#fragment',
  '/v4/push/withdraw/1;x',
  '*',
  'http://127.0.0.1/v4/push',
  'http://example.com/v4/push/validate',
  '/v4/push/.',
  '/v4/./push',
  '/\xff',
  '/\x00',
  '/v4/push\x01',
  `/${utf8AsLatin1('通知')}`,
];

/** Any target: the spec's paths (with odd slashes and queries), meta routes, unknown and odd ones. */
export function targetArb(existing: readonly string[]): fc.Arbitrary<TargetChoice> {
  const spec = (path: string, route: Route) =>
    fc
      .tuple(slashesArb, queryArb)
      .map(([slash, query]): TargetChoice => ({ route, target: `${slash}${path.slice(1).replace(/\//g, slash)}${query}` }));
  return fc.oneof(
    { weight: 3, arbitrary: spec('/v4/push', 'createPush') },
    { weight: 3, arbitrary: spec('/v4/push/validate', 'validatePush') },
    {
      weight: 4,
      arbitrary: fc.tuple(msgIdArb(existing), queryArb).map(([id, query]): TargetChoice => {
        const route: Route = id.kind === 'no-route' ? 'unknown' : id.kind === 'unpinned' ? 'any' : 'withdrawMessage';
        return {
          route,
          target: `/v4/push/withdraw/${id.raw}${id.kind === 'unpinned' ? '' : query}`,
          ...(id.kind === 'malformed-url' ? { malformedUrl: true } : {}),
        };
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...META_PATHS), queryArb)
        .map(([path, query]): TargetChoice => ({ route: 'meta', target: path + query })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...UNKNOWN_PATHS), queryArb)
        .map(([path, query]): TargetChoice => ({ route: 'unknown', target: path + query })),
    },
    {
      weight: 1,
      arbitrary: fc
        .array(fc.stringMatching(/^[a-z0-9._~-]{1,12}$/), { minLength: 1, maxLength: 4 })
        .map((segments): TargetChoice => ({ route: 'unknown', target: `/x-${segments.join('/')}` })),
    },
    { weight: 1, arbitrary: fc.constantFrom(...UNPINNED_TARGETS).map((target): TargetChoice => ({ route: 'any', target })) },
  );
}

// ---------------------------------------------------------------- headers

/** Header names a client might send (framing, Host and Expect are set by the tests themselves). */
const HEADER_NAMES = [
  'Accept',
  'Accept-Encoding',
  'Accept-Language',
  'Authorization',
  'Cache-Control',
  'Connection',
  'Content-Encoding',
  'Content-Type',
  'Cookie',
  'Forwarded',
  'If-None-Match',
  'Origin',
  'Pragma',
  'Proxy-Authorization',
  'Range',
  'Referer',
  'TE',
  'Trailer',
  'Upgrade',
  'User-Agent',
  'Via',
  'X-Forwarded-For',
  'X-Forwarded-Proto',
  'X-HTTP-Method-Override',
  'X-Real-IP',
  'X-Request-Id',
  'Access-Control-Request-Method',
  'Access-Control-Request-Headers',
];

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 60 });
/** Control bytes except CR and LF (those would end the header, i.e. change the framing). */
const controlByte = fc
  .integer({ min: 0x00, max: 0x1f })
  .filter((code) => code !== 0x0a && code !== 0x0d)
  .map((code) => String.fromCharCode(code));
const highByte = fc.integer({ min: 0x7f, max: 0xff }).map((code) => String.fromCharCode(code));

const headerValueArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: printable.map((text) => text.trim()) },
  { weight: 2, arbitrary: fc.tuple(printable, controlByte, printable).map(([a, c, b]) => a + c + b) },
  { weight: 1, arbitrary: fc.tuple(printable, highByte, printable).map(([a, c, b]) => a + c + b) },
  {
    weight: 1,
    arbitrary: fc
      .string({ unit: 'grapheme', maxLength: 20 })
      .map(utf8AsLatin1)
      .map((text) => text.replace(/[\r\n]/g, '')),
  },
  { weight: 1, arbitrary: fc.integer({ min: 2_000, max: 20_000 }).map((n) => 'v'.repeat(n)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      'close',
      'keep-alive',
      'Upgrade',
      'websocket',
      'h2c',
      'gzip',
      'deflate, br',
      'application/json',
      'text/html',
      'http://127.0.0.1:1',
      'null',
      'DELETE',
      '*/*',
      'bytes=0-10',
      'trailers',
      '127.0.0.1, 10.0.0.1',
      'a'.repeat(64),
      'ok-request-id_1.2:3',
    ),
  },
);

const headerNameArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HEADER_NAMES) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,24}$/) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.stringMatching(/^[A-Za-z]{1,8}$/),
        fc.constantFrom(' ', '\t', '\x00', '\x7f', '(', '"', '@', '\xe9'),
        fc.stringMatching(/^[A-Za-z]{0,8}$/),
      )
      .map(([a, c, b]) => a + c + b),
  },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 17_000 }).map((n) => `X-${'n'.repeat(n)}`) },
);

export type HeaderList = (readonly [string, string])[];

export const extraHeadersArb: fc.Arbitrary<HeaderList> = fc.oneof(
  { weight: 8, arbitrary: fc.array(fc.tuple(headerNameArb, headerValueArb), { maxLength: 8 }) },
  // Many small headers (Node keeps at most 2000; the 16 KiB limit counts them all).
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 100, max: 900 })
      .map((n): HeaderList => Array.from({ length: n }, (_, i) => [`X-H${i}`, String(i)] as const)),
  },
);

// ---------------------------------------------------------------- bodies

/** A small push the spec accepts. */
export const validPushArb: fc.Arbitrary<Record<string, unknown>> = fc
  .record(
    {
      to: fc.oneof(
        fc.constant<unknown>('all'),
        fc.record({ alias: fc.array(fc.stringMatching(/^[a-z0-9]{1,12}$/), { minLength: 1, maxLength: 3 }) }),
        fc.record({ tag: fc.array(fc.stringMatching(/^[a-z]{1,10}$/), { minLength: 1, maxLength: 3 }) }),
        fc.record({ registration_id: fc.array(fc.stringMatching(/^[0-9a-f]{8,20}$/), { minLength: 1, maxLength: 3 }) }),
      ),
      platform: fc.oneof(fc.constant<unknown>('all'), fc.subarray(['android', 'ios', 'hmos'], { minLength: 1 })),
      content: fc.oneof(
        fc.string({ maxLength: 40 }).map((alert) => ({ notification: { alert } })),
        fc.string({ maxLength: 40 }).map((text) => ({ message: { msg_content: text, title: 'T' } })),
      ),
      options: fc.option(fc.record({ time_to_live: fc.integer({ min: 0, max: 864_000 }) }, { requiredKeys: [] }), { nil: undefined }),
      request_id: fc.option(fc.stringMatching(/^[a-z0-9-]{0,20}$/), { nil: undefined }),
    },
    { requiredKeys: ['to', 'platform', 'content'] },
  )
  .map(({ to, platform, content, options, request_id }) => ({
    to,
    body: { platform, ...content, ...(options === undefined ? {} : { options }) },
    ...(request_id === undefined ? {} : { request_id }),
  }));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every container of a value with its path, for targeted mutations. */
function containers(value: Json, path: (string | number)[] = []): { path: (string | number)[]; node: Json[] | Record<string, Json> }[] {
  if (value === null || typeof value !== 'object') return [];
  const own = [{ path, node: value }];
  const entries: [string | number, Json][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return own.concat(entries.flatMap(([key, child]) => containers(child, [...path, key])));
}

/** One structural mutation of a JSON value: delete a key, change a value's type, add a key. */
export const mutatedPushArb: fc.Arbitrary<Json> = fc
  .tuple(
    validPushArb,
    fc.nat(),
    fc.nat(),
    fc.jsonValue({ maxDepth: 2 }),
    fc.string({ maxLength: 12 }),
    fc.constantFrom('delete', 'replace', 'add'),
  )
  .map(([push, pickContainer, pickKey, value, newKey, operation]) => {
    const copy = JSON.parse(JSON.stringify(push)) as Json;
    const all = containers(copy);
    const target = all[pickContainer % all.length]?.node;
    if (target === undefined) return copy;
    const keys = Array.isArray(target) ? target.map((_, i) => i) : Object.keys(target);
    const key = keys.length > 0 ? keys[pickKey % keys.length] : undefined;
    if (Array.isArray(target)) {
      if (operation === 'delete' && typeof key === 'number') target.splice(key, 1);
      else if (operation === 'replace' && typeof key === 'number') target[key] = value as Json;
      else target.push(value as Json);
    } else if (operation === 'delete' && key !== undefined) {
      Reflect.deleteProperty(target, String(key));
    } else if (operation === 'replace' && key !== undefined) {
      target[String(key)] = value as Json;
    } else if (newKey !== '__proto__') {
      target[newKey] = value as Json;
    }
    return copy;
  });

const INVALID_UTF8 = ['\xff', '\xfe', '\xc0\x80', '\xc3', '\x80', '\xed\xa0\x80', '\xf4\x90\x80\x80', '\xe2\x82'];

export interface BodyChoice {
  label: string;
  bytes: Buffer;
  /** The deepest nesting the text has, when the generator knows it. */
  depth?: number;
  /** The body is not valid UTF-8. */
  invalidUtf8?: boolean;
}

const text = (label: string, body: string, extra: Partial<BodyChoice> = {}): BodyChoice => ({
  label,
  bytes: Buffer.from(body, 'utf8'),
  ...extra,
});
const latin1 = (label: string, body: string, extra: Partial<BodyChoice> = {}): BodyChoice => ({
  label,
  bytes: Buffer.from(body, 'latin1'),
  ...extra,
});

const pushText = (alert: string) => JSON.stringify({ to: 'all', body: { platform: 'all', notification: { alert } } });

/** Bodies: valid and mutated pushes, broken JSON, deep nesting, sizes around every limit, bad bytes. */
export const bodyArb: fc.Arbitrary<BodyChoice> = fc.oneof(
  { weight: 3, arbitrary: validPushArb.map((push) => text('valid push', JSON.stringify(push))) },
  { weight: 6, arbitrary: mutatedPushArb.map((push) => text('mutated push', JSON.stringify(push))) },
  {
    weight: 2,
    arbitrary: fc.tuple(validPushArb, fc.nat()).map(([push, at]) => {
      const json = JSON.stringify(push);
      return text('truncated JSON', json.slice(0, at % json.length));
    }),
  },
  {
    weight: 2,
    arbitrary: fc
      .string({ unit: fc.constantFrom(...'{}[]":,0123456789.eE+-truefalsn \\u\t\n'.split('')), maxLength: 80 })
      .map((junk) => text('JSON-like junk', junk)),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        validPushArb,
        fc.nat(),
        fc.constantFrom('"to":"all",', '"__proto__":{},', '"__proto__":null,', '"\\u005f_proto__":1,', '"constructor":{"prototype":{}},'),
      )
      .map(([push, pick, insert]) => {
        // Inserted right after an object's "{": a repeated key, or __proto__ (also escaped).
        const json = JSON.stringify(push);
        const openings = [...json.matchAll(/\{/g)].map((match) => match.index);
        const at = (openings[pick % openings.length] ?? 0) + 1;
        return text('key inserted', json.slice(0, at) + insert + json.slice(at));
      }),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 5000 }), fc.constantFrom('array', 'object'), fc.boolean())
      .map(([depth, kind, closed]) => {
        const open = kind === 'array' ? '['.repeat(depth) : '{"a":'.repeat(depth);
        const close = closed ? (kind === 'array' ? ']'.repeat(depth) : '}'.repeat(depth)) : '';
        const inner = kind === 'array' ? '' : '1';
        // Inside custom_args of an otherwise valid push: the nest starts at depth 1.
        const body = `{"to":"all","body":{"platform":"all","notification":{"alert":"x"}},"custom_args":${open}${inner}${close}}`;
        return text(`nested ${kind} ${closed ? 'closed' : 'unclosed'}`, body, { depth: depth + 1 });
      }),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.integer({ min: 3_900, max: 70_000 }), fc.constantFrom('a', 'é', '€', '😀', '\\u0000', '\\"'))
      .map(([n, unit]) => {
        const alert = unit.repeat(Math.max(1, Math.floor(n / Buffer.byteLength(unit))));
        // Escapes are written into the JSON text as they are (one escape per unit).
        const json = unit.startsWith('\\') ? `{"to":"all","body":{"platform":"all","notification":{"alert":"${alert}"}}}` : pushText(alert);
        return text(`long alert (${unit})`, json);
      }),
  },
  {
    weight: 2,
    arbitrary: fc.integer({ min: 65_536 - 40, max: 65_536 + 40 }).map((size) => {
      // A push padded (in custom_args, which then is too long) to exactly `size` bytes.
      const head = '{"to":"all","body":{"platform":"all","notification":{"alert":"x"}},"custom_args":{"pad":"';
      const tail = '"}}';
      return text(`${size} bytes`, head + 'p'.repeat(Math.max(0, size - head.length - tail.length)) + tail);
    }),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.integer({ min: 1, max: 1_500 }), fc.constantFrom('alias', 'tag', 'registration_id')).map(([n, key]) =>
      text(
        `${key} × ${n}`,
        JSON.stringify({
          to: { [key]: Array.from({ length: n }, (_, i) => `d${i}`) },
          body: { platform: 'all', notification: { alert: 'x' } },
        }),
      ),
    ),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom<unknown>(1, -1, 1.5, 1e308, true, null, [], {}, '', 'all', ['all'], { alias: [] }, { alias: 'a' }),
        fc.constantFrom('to', 'body', 'platform', 'notification', 'alert', 'options', 'time_to_live', 'request_id'),
      )
      .map(([value, field]) => {
        const push: Record<string, unknown> = {
          to: 'all',
          body: { platform: 'all', notification: { alert: 'x' }, options: { time_to_live: 60 } },
          request_id: 'r',
        };
        const body = push.body as Record<string, unknown>;
        if (field === 'to' || field === 'body' || field === 'request_id') push[field] = value;
        else if (field === 'platform' || field === 'notification' || field === 'options') body[field] = value;
        else if (field === 'alert') body.notification = { alert: value };
        else body.options = { time_to_live: value };
        return text(`wrong type of ${field}`, JSON.stringify(push));
      }),
  },
  {
    weight: 2,
    arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map((alert) => text('unicode alert', pushText(alert))),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }))
      .map(([a, b]) => latin1('raw NUL in a string', `{"to":"all","body":{"platform":"all","notification":{"alert":"${a}\x00${b}"}}}`)),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom(...INVALID_UTF8), fc.string({ maxLength: 10 })).map(([bad, around]) =>
      latin1('invalid UTF-8', `{"to":"all","body":{"platform":"all","notification":{"alert":"${around}${bad}${around}"}}}`, {
        invalidUtf8: true,
      }),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      text('empty', ''),
      text('whitespace', ' \n\t '),
      text('BOM', '\ufeff{"to":"all","body":{"platform":"all","notification":{"alert":"x"}}}'),
      text('two values', '{}{}'),
      text('null', 'null'),
      text('number', '1e999999'),
      text('string', '"all"'),
      text('array', '[{"to":"all"}]'),
      text('unpaired surrogate escape', '{"to":"all","body":{"platform":"all","notification":{"alert":"\\ud800"}}}'),
      text(
        'override_msg_id above 2^63',
        '{"to":"all","body":{"platform":"all","notification":{"alert":"x"},"options":{"override_msg_id":"99999999999999999999"}}}',
      ),
      text(
        'override_msg_id 2^63-1',
        '{"to":"all","body":{"platform":"all","notification":{"alert":"x"},"options":{"override_msg_id":"9223372036854775807"}}}',
      ),
      text(
        'override_msg_id as a big integer',
        '{"to":"all","body":{"platform":"all","notification":{"alert":"x"},"options":{"override_msg_id":9223372036854775807}}}',
      ),
      text('override_msg_id 1.0', '{"to":"all","body":{"platform":"all","notification":{"alert":"x"},"options":{"override_msg_id":1.0}}}'),
      text('time_to_live 1e3', '{"to":"all","body":{"platform":"all","notification":{"alert":"x"},"options":{"time_to_live":1e3}}}'),
      text(
        'huge number',
        `{"to":"all","body":{"platform":"all","notification":{"alert":"x"},"options":{"time_to_live":${'9'.repeat(400)}}}}`,
      ),
      text(
        'big_push_duration over',
        '{"to":"all","body":{"platform":"all","notification":{"alert":"x"},"options":{"big_push_duration":1441}}}',
      ),
      text('two contents', '{"to":"all","body":{"platform":"all","notification":{"alert":"x"},"message":{"msg_content":"y"}}}'),
      text('no content', '{"to":"all","body":{"platform":"all"}}'),
    ),
  },
);

export const contentTypeArb: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  { weight: 2, arbitrary: fc.constant('application/json; charset=utf-8') },
  {
    weight: 3,
    arbitrary: fc.constantFrom<string | undefined>(
      undefined,
      'APPLICATION/JSON',
      'application/json; charset="UTF-8"',
      'application/json;charset=utf8',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'application/json; charset=',
      'application/jsonx',
      'application/vnd.api+json',
      'text/plain',
      'text/json',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      '',
      'application/json, text/plain',
    ),
  },
);

/** Exactly what the JSON body parser accepts as its own (for the checks that depend on it). */
export function isPlainJsonContentType(value: string | undefined): boolean {
  return value === 'application/json' || value === 'application/json; charset=utf-8';
}
