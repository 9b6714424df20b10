// Requests that break the spec: validated against spec/dist (not hand-copied schemas) and
// answered with the envelope and the code the spec prescribes. The expected texts come
// from the spec itself wherever the spec states them (examples, x-error-message).
import type { InjectOptions } from 'light-my-request';
import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGES, ErrorCodes, LIMITS, OPERATIONS, type OperationId } from '@push-api/types';
import { OTHER_APP, TEST_APP, authorization, errorOf, notificationPush, push, useServer } from './helpers.js';

const examples: Record<string, { value: unknown }> = OPERATIONS.createPush.responses[400].examples;

const current = useServer({}, 'all');

const INVALID = ErrorCodes.INVALID_PARAMETER;

describe("the spec's own PushBadRequest examples are what the server answers", () => {
  const base = { to: 'all', body: { platform: 'all', notification: { alert: 'hi' } } };
  const inputs: Record<string, unknown> = {
    missingParameter: { to: 'all', body: { notification: { alert: 'hi' } } },
    invalidParameter: { ...base, body: { ...base.body, options: { time_to_live: LIMITS.maxTimeToLiveSeconds + 1 } } },
    bodyTooLarge: { ...base, body: { platform: 'all', notification: { alert: 'a'.repeat(3989) } } },
    notificationAndMessage: { ...base, body: { ...base.body, message: { msg_content: 'x' } } },
    bigPushDuration: { ...base, body: { ...base.body, options: { big_push_duration: LIMITS.maxBigPushDurationMinutes + 1 } } },
    platformNotAList: { ...base, body: { ...base.body, platform: 'ios' } },
    overrideMsgIdNotExist: { ...base, body: { ...base.body, options: { override_msg_id: '1828256757' } } },
  };

  it('covers every example of the spec', () => {
    expect(Object.keys(inputs).sort()).toEqual(Object.keys(examples).sort());
  });

  for (const [name, input] of Object.entries(inputs)) {
    it(name, async () => {
      for (const url of ['/v4/push', '/v4/push/validate']) {
        const response = await push(current().app, TEST_APP, input, url);
        expect(response.statusCode).toBe(400);
        expect(response.json()).toEqual(examples[name]!.value);
      }
    });
  }
});

describe('codes declared on subschemas (x-error-code / x-error-message)', () => {
  it("a body without any content → PushBody allOf[0]'s 21002 and message", async () => {
    const response = await push(current().app, TEST_APP, { to: 'all', body: { platform: 'all' } });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toEqual({ code: ErrorCodes.MISSING_PARAMETER, message: ERROR_MESSAGES.bodyWithoutContent });
  });

  it("two kinds of content other than notification + message → allOf[1]'s 21306", async () => {
    const response = await push(current().app, TEST_APP, { to: 'all', body: { platform: ['ios'], live_activity: {}, voip: {} } });
    expect(errorOf(response)).toEqual({ code: ErrorCodes.NOTIFICATION_AND_MESSAGE, message: ERROR_MESSAGES.contentKindsTogether });
  });

  it('big_push_duration at 1440 is fine, above it is 23006', async () => {
    const ok = await push(current().app, TEST_APP, notificationPush({}, { big_push_duration: LIMITS.maxBigPushDurationMinutes }));
    expect(ok.statusCode).toBe(200);
    const over = await push(current().app, TEST_APP, notificationPush({}, { big_push_duration: LIMITS.maxBigPushDurationMinutes + 1 }));
    expect(errorOf(over).code).toBe(ErrorCodes.PARAMETER_ERROR);
  });
});

describe('21002 and 21003 from the schema', () => {
  it.each([
    ['to', { body: { platform: 'all', notification: {} } }, 'Required parameter missing,to'],
    ['body', { to: 'all' }, 'Required parameter missing,body'],
    [
      'seg.id inside the oneOf of `to`',
      { to: { seg: {} }, body: { platform: 'all', notification: {} } },
      'Required parameter missing,to.seg.id',
    ],
    [
      'message.msg_content',
      { to: 'all', body: { platform: 'all', message: { title: 't' } } },
      'Required parameter missing,body.message.msg_content',
    ],
  ])('missing %s → 21002 naming it', async (_label, input, message) => {
    const response = await push(current().app, TEST_APP, input);
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toEqual({ code: ErrorCodes.MISSING_PARAMETER, message });
  });

  it.each([
    ['an unknown top-level field', { ...notificationPush(), extra: 1 }, 'Parameter value is invalid,extra is not allowed'],
    [
      'an unknown body field',
      { to: 'all', body: { platform: 'all', notification: {}, sound: 'x' } },
      'Parameter value is invalid,body.sound is not allowed',
    ],
    ['a wrong type', { ...notificationPush(), request_id: 5 }, 'Parameter value is invalid,request_id must be string'],
    [
      'an empty tag list (the deepest error of the oneOf)',
      { to: { tag: [] }, body: { platform: 'all', notification: {} } },
      'Parameter value is invalid,to.tag must NOT have fewer than 1 items',
    ],
    [
      'an unknown platform',
      { to: 'all', body: { platform: ['web'], notification: {} } },
      'Parameter value is invalid,body.platform.0 must be one of "android", "ios", "hmos"',
    ],
    [
      'a platform string other than all',
      { to: 'all', body: { platform: 'android', notification: {} } },
      'Parameter value is invalid,body.platform must be "all" or a list of platforms such as ["ios"]',
    ],
    [
      'a tag that is not a string',
      { to: { tag: [5] }, body: { platform: 'all', notification: {} } },
      'Parameter value is invalid,to.tag.0 must be string',
    ],
    [
      'a number as audience',
      { to: 5, body: { platform: 'all', notification: {} } },
      'Parameter value is invalid,to does not match any allowed form',
    ],
    [
      'a cid with a space',
      notificationPush({}, { cid: 'has space' }),
      'Parameter value is invalid,body.options.cid must match pattern "^[A-Za-z0-9_-]{1,64}$"',
    ],
    [
      'an iOS key with a hyphen, mistyped',
      { to: 'all', body: { platform: 'all', notification: { ios: { 'content-available': 'yes' } } } },
      'Parameter value is invalid,body.notification.ios.content-available must be boolean',
    ],
  ])('%s → 21003 naming the field', async (_label, input, message) => {
    const response = await push(current().app, TEST_APP, input);
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toEqual({ code: INVALID, message });
  });

  it('x-max-bytes: a tag of 40 bytes passes, 42 bytes in 21 characters fails', async () => {
    const ok = await push(current().app, TEST_APP, { to: { tag: ['é'.repeat(20)] }, body: { platform: 'all', notification: {} } });
    expect(ok.statusCode).toBe(200);
    const over = await push(current().app, TEST_APP, { to: { tag: ['é'.repeat(21)] }, body: { platform: 'all', notification: {} } });
    expect(errorOf(over)).toEqual({ code: INVALID, message: 'Parameter value is invalid,to.tag.0 must NOT have more than 40 bytes' });
  });

  it('x-max-serialized-length: custom_args of 128 characters as JSON pass, 129 fail', async () => {
    const args = (length: number) => ({ k: 'x'.repeat(length - JSON.stringify({ k: '' }).length) });
    expect(JSON.stringify(args(128)).length).toBe(128);
    const ok = await push(current().app, TEST_APP, notificationPush({ custom_args: args(128) }));
    expect(ok.statusCode).toBe(200);
    const over = await push(current().app, TEST_APP, notificationPush({ custom_args: args(129) }));
    expect(errorOf(over)).toEqual({
      code: INVALID,
      message: 'Parameter value is invalid,custom_args must NOT be longer than 128 characters when serialised as JSON',
    });
  });
});

describe('requests refused before validation (media type, JSON, size)', () => {
  const raw = (payload: string, contentType = 'application/json') =>
    current().app.inject({
      method: 'POST',
      url: '/v4/push',
      headers: { ...authorization(TEST_APP), 'content-type': contentType },
      payload,
    });

  it('invalid JSON → 400 21003', async () => {
    const response = await raw('{"to":');
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toEqual({ code: INVALID, message: 'Parameter value is invalid,request body is not valid JSON' });
  });

  it('a prototype-poisoning body → 400 21003', async () => {
    const response = await raw('{"to":"all","__proto__":{"admin":true},"body":{"platform":"all","notification":{}}}');
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe(INVALID);
  });

  it('another content type → 400 21003', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const response = await raw(JSON.stringify(notificationPush()), type);
      expect(response.statusCode).toBe(400);
      expect(errorOf(response)).toEqual({ code: INVALID, message: 'Parameter value is invalid,Content-Type must be application/json' });
    }
  });

  it('no body → 400 21002', async () => {
    const response = await current().app.inject({
      method: 'POST',
      url: '/v4/push',
      headers: { ...authorization(TEST_APP), 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toEqual({ code: ErrorCodes.MISSING_PARAMETER, message: 'Required parameter missing,request body' });
  });

  it("a body over the server's 64 KiB limit → 400 21005", async () => {
    const response = await raw(JSON.stringify(notificationPush({ request_id: 'x'.repeat(70_000) })));
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toEqual({
      code: ErrorCodes.BODY_TOO_LARGE,
      message: 'Message body too large,request body exceeds 65536 bytes',
    });
  });

  it('authentication comes first: a bad body without credentials is a 401', async () => {
    const response = await current().app.inject({
      method: 'POST',
      url: '/v4/push',
      headers: { 'content-type': 'application/json' },
      payload: '{bad',
    });
    expect(response.statusCode).toBe(401);
  });
});

describe('routing', () => {
  it('another method on a push path → 405 21001 with Allow: POST', async () => {
    for (const url of ['/v4/push', '/v4/push/validate']) {
      const response = await current().app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(405);
      expect(response.headers.allow).toBe('POST');
      expect(response.json()).toEqual({ error: { code: ErrorCodes.METHOD_NOT_ALLOWED, message: 'Request method not allowed' } });
    }
  });

  it('an unknown path → 404 with the envelope', async () => {
    const response = await current().app.inject({ method: 'GET', url: '/v3/push' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.json()).toEqual({ error: { code: INVALID, message: 'Parameter value is invalid,no such path' } });
  });
});

describe('only the statuses the spec declares', () => {
  it('every answer of the three operations has a status declared for it', async () => {
    const declared = (operationId: OperationId) => new Set(Object.keys(OPERATIONS[operationId].responses).map(Number));
    const pushStatuses = declared('createPush');
    const withdrawStatuses = declared('withdrawMessage');
    const auth = authorization(TEST_APP);
    const cases: Array<[Set<number>, InjectOptions & { url: string }]> = [
      [pushStatuses, { method: 'POST', url: '/v4/push', headers: auth, payload: notificationPush() }],
      [pushStatuses, { method: 'POST', url: '/v4/push', headers: auth, payload: { to: 'all' } }],
      [pushStatuses, { method: 'POST', url: '/v4/push', payload: notificationPush() }],
      [pushStatuses, { method: 'POST', url: '/v4/push', headers: { ...auth, 'content-type': 'text/plain' }, payload: 'hi' }],
      [
        pushStatuses,
        { method: 'POST', url: '/v4/push', headers: { ...auth, 'content-type': 'application/json' }, payload: 'x'.repeat(70_000) },
      ],
      [pushStatuses, { method: 'PUT', url: '/v4/push', headers: auth }],
      [pushStatuses, { method: 'POST', url: '/v4/push/validate', headers: auth, payload: notificationPush() }],
      [pushStatuses, { method: 'DELETE', url: '/v4/push/validate', headers: auth }],
      [withdrawStatuses, { method: 'DELETE', url: '/v4/push/withdraw/1', headers: auth }],
      [withdrawStatuses, { method: 'DELETE', url: '/v4/push/withdraw/abc', headers: auth }],
      [withdrawStatuses, { method: 'DELETE', url: '/v4/push/withdraw/1' }],
      [
        withdrawStatuses,
        { method: 'DELETE', url: '/v4/push/withdraw/1', headers: { ...auth, 'content-type': 'application/json' }, payload: '{bad' },
      ],
      [withdrawStatuses, { method: 'POST', url: '/v4/push/withdraw/1', headers: auth }],
    ];
    for (const [statuses, request] of cases) {
      const response = await current().app.inject(request);
      expect(statuses.has(response.statusCode), `${request.method} ${request.url} answered ${response.statusCode}`).toBe(true);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    }
  });
});

describe("override_msg_id: a 64-bit id of one of the app's messages", () => {
  const withOverride = (value: unknown) => notificationPush({}, { override_msg_id: value });

  it.each([
    ['1e308', 1e308],
    ['2^64', 2 ** 64],
    ['9223372036854775808 as a number', Number('9223372036854775808')],
    ['2^53 (above the exact integers)', 2 ** 53],
    ['0', 0],
    ['"0"', '0'],
    ['"9223372036854775808" (2^63)', '9223372036854775808'],
    ['"99999999999999999999"', '99999999999999999999'],
    ['"01"', '01'],
  ])('%s → 400 21003', async (_label, value) => {
    for (const url of ['/v4/push', '/v4/push/validate']) {
      const response = await push(current().app, TEST_APP, withOverride(value), url);
      expect(response.statusCode, response.body).toBe(400);
      expect(errorOf(response).code).toBe(INVALID);
      expect(errorOf(response).message).toMatch(/^Parameter value is invalid,body\.options\.override_msg_id /);
    }
  });

  it('the string and integer forms agree: both name an existing message, both start at 1', async () => {
    const { msg_id: msgId } = (await push(current().app, TEST_APP, notificationPush())).json<{ msg_id: string }>();
    expect((await push(current().app, TEST_APP, withOverride(msgId))).statusCode).toBe(200);
    expect((await push(current().app, TEST_APP, withOverride(Number(msgId)))).statusCode).toBe(200);
    expect((await push(current().app, TEST_APP, withOverride(msgId), '/v4/push/validate')).statusCode).toBe(200);
  });

  it('an id in range that names no message of this app → 21003 "override_msg_id not exist"', async () => {
    const { msg_id: theirs } = (await push(current().app, OTHER_APP, notificationPush())).json<{ msg_id: string }>();
    for (const value of ['9223372036854775807', theirs, Number(theirs) + 1000]) {
      const response = await push(current().app, TEST_APP, withOverride(value));
      expect(response.statusCode).toBe(400);
      expect(errorOf(response)).toEqual({ code: INVALID, message: ERROR_MESSAGES.overrideMsgIdNotExist });
    }
  });
});

describe("what the vendor's own clients send", () => {
  it('iOS badge as a number or a string', async () => {
    for (const badge of [1, 0, '+1', '5']) {
      const response = await push(current().app, TEST_APP, {
        to: 'all',
        body: { platform: ['ios'], notification: { ios: { alert: 'x', badge } } },
      });
      expect(response.statusCode, `${String(badge)}: ${response.body}`).toBe(200);
    }
    const negative = await push(current().app, TEST_APP, {
      to: 'all',
      body: { platform: ['ios'], notification: { ios: { alert: 'x', badge: -1 } } },
    });
    expect(negative.statusCode).toBe(400);
  });

  it('iOS alert as an APNs dictionary; Android alert stays a string', async () => {
    const dictionary = { title: 'Order', subtitle: 'A-1001', body: 'Shipped' };
    const ios = await push(current().app, TEST_APP, {
      to: 'all',
      body: { platform: ['ios'], notification: { ios: { alert: dictionary } } },
    });
    expect(ios.statusCode, ios.body).toBe(200);
    const android = await push(current().app, TEST_APP, {
      to: 'all',
      body: { platform: ['android'], notification: { android: { alert: dictionary } } },
    });
    expect(errorOf(android)).toEqual({
      code: INVALID,
      message: 'Parameter value is invalid,body.notification.android.alert must be string',
    });
  });

  it('one platform as a string is refused with a message that says a list works', async () => {
    const response = await push(current().app, TEST_APP, { to: 'all', body: { platform: 'ios', notification: { alert: 'x' } } });
    expect(errorOf(response)).toEqual({ code: INVALID, message: ERROR_MESSAGES.platformNotAllOrList });
    expect(ERROR_MESSAGES.platformNotAllOrList).toContain('["ios"]');
  });

  it('a base URL ending in "/" (so "//v4/push") reaches the operations', async () => {
    const pushed = await push(current().app, TEST_APP, notificationPush(), '//v4/push');
    expect(pushed.statusCode, pushed.body).toBe(200);
    const { msg_id: msgId } = pushed.json<{ msg_id: string }>();
    const recalled = await current().app.inject({
      method: 'DELETE',
      url: `//v4/push//withdraw/${msgId}`,
      headers: authorization(TEST_APP),
    });
    expect(recalled.statusCode, recalled.body).toBe(200);
  });
});

describe('methods a path does not take', () => {
  it.each(['PROPFIND', 'SEARCH', 'MKCOL', 'LOCK', 'PURGE', 'QUERY', 'COPY', 'REPORT', 'HEAD', 'TRACE'])(
    "%s on the spec's paths → 405 21001 with Allow, even with a body, without credentials",
    async (method) => {
      for (const [url, allow] of [
        ['/v4/push', 'POST'],
        ['/v4/push/validate', 'POST'],
        ['/v4/push/withdraw/1', 'DELETE'],
      ] as const) {
        const response = await current().app.inject({
          method: method as 'GET',
          url,
          headers: { 'content-type': 'text/plain' },
          payload: 'not json',
        });
        expect(response.statusCode, `${method} ${url}`).toBe(405);
        expect(response.headers.allow).toBe(allow);
        if (method !== 'HEAD')
          expect(response.json()).toEqual({ error: { code: ErrorCodes.METHOD_NOT_ALLOWED, message: 'Request method not allowed' } });
      }
    },
  );

  it('an unknown path stays 404 whatever the method', async () => {
    const response = await current().app.inject({ method: 'PROPFIND' as 'GET', url: '/v4/pushes' });
    expect(response.statusCode).toBe(404);
  });
});
