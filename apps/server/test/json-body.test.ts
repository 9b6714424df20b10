// Request bodies the JSON parser accepts but the API refuses, each with an answer that says
// what is wrong: nesting past the spec's limit, bytes that are not UTF-8, another charset,
// duplicate keys, __proto__. And the one-pass scan behind them, on its own.
import { describe, expect, it } from 'vitest';
import { ErrorCodes, LIMITS } from '@push-api/types';
import { scanJson } from '@push-api/engine';
import { TEST_APP, authorization, errorOf, useServer } from './helpers.js';

const current = useServer({}, 'all');

const post = (payload: string | Buffer, contentType = 'application/json') =>
  current().app.inject({ method: 'POST', url: '/v4/push', headers: { ...authorization(TEST_APP), 'content-type': contentType }, payload });

/** A push whose message extras hold `levels` nested arrays: the body nests 4 + levels deep. */
const nestedPush = (levels: number) =>
  `{"to":"all","body":{"platform":"all","message":{"msg_content":"x","extras":{"a":${'['.repeat(levels)}${']'.repeat(levels)}}}}}`;

const invalid = (detail: string) => ({ code: ErrorCodes.INVALID_PARAMETER, message: `Parameter value is invalid,${detail}` });

describe('nesting', () => {
  it('5000 levels (a stack overflow once) answer 400 naming the limit and where', async () => {
    const response = await post(nestedPush(5000));
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toEqual(
      invalid(`request body nests deeper than ${LIMITS.maxJsonDepth} levels (at body.message.extras.a.0.0.0.0.…)`),
    );
  });

  it(`${LIMITS.maxJsonDepth} levels pass, ${LIMITS.maxJsonDepth + 1} do not`, async () => {
    const atLimit = await post(nestedPush(LIMITS.maxJsonDepth - 4));
    expect(atLimit.statusCode, atLimit.body).toBe(200);
    const over = await post(nestedPush(LIMITS.maxJsonDepth - 3));
    expect(over.statusCode).toBe(400);
    expect(errorOf(over).message).toMatch(/nests deeper than 64 levels/);
  });
});

describe('encoding', () => {
  it('bytes that are not UTF-8 answer 400', async () => {
    const body = Buffer.concat([
      Buffer.from('{"to":"all","body":{"platform":"all","notification":{"alert":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}}}'),
    ]);
    const response = await post(body);
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toEqual(invalid('request body is not valid UTF-8'));
  });

  it('a charset other than UTF-8 answers 400; utf-8 in any case passes', async () => {
    const push = '{"to":"all","body":{"platform":"all","notification":{"alert":"x"}}}';
    for (const type of ['application/json; charset=utf-16', 'application/json;charset="latin1"']) {
      const response = await post(push, type);
      expect(response.statusCode).toBe(400);
      expect(errorOf(response)).toEqual(invalid('Content-Type charset must be utf-8'));
    }
    for (const type of ['application/json; charset=UTF-8', 'application/json;charset=utf8']) {
      expect((await post(push, type)).statusCode).toBe(200);
    }
  });
});

describe('keys', () => {
  it('a key twice in one object answers 400 naming it and the object', async () => {
    const response = await post('{"to":"all","body":{"platform":"all","notification":{"alert":"a","alert":"b"}}}');
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toEqual(invalid('request body has the key "alert" twice in body.notification'));
    const top = await post('{"to":"all","to":"all","body":{"platform":"all","notification":{"alert":"a"}}}');
    expect(errorOf(top)).toEqual(invalid('request body has the key "to" twice in the request body'));
    // Escapes name the same key.
    const escaped = await post('{"to":"all","body":{"platform":"all","notification":{"alert":"a","\\u0061lert":"b"}}}');
    expect(errorOf(escaped).message).toContain('"alert" twice');
  });

  it('the same key in different objects is fine', async () => {
    const response = await post(
      '{"to":"all","body":{"platform":"all","notification":{"alert":"a","android":{"alert":"b"},"ios":{"alert":"c"}}}}',
    );
    expect(response.statusCode, response.body).toBe(200);
  });

  it('__proto__ answers 400 saying so, not "not valid JSON"', async () => {
    const response = await post('{"to":"all","__proto__":{"admin":true},"body":{"platform":"all","notification":{}}}');
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toEqual(invalid('request body may not use the key "__proto__" (in the request body)'));
  });
});

describe('scanJson', () => {
  it('finds nothing in ordinary JSON, including strings that look like structure', () => {
    expect(scanJson('{"a":[1,{"b":"{[\\"}"}],"c":{"a":1}}', 3)).toBeNull();
    expect(scanJson('[[1],[2]]', 2)).toBeNull();
    expect(scanJson('"just a string"', 1)).toBeNull();
  });

  it('reports depth at its edge, with the path of the value that goes too deep', () => {
    expect(scanJson('{"a":{"b":[{}]}}', 4)).toBeNull();
    expect(scanJson('{"a":{"b":[1,{}]}}', 3)).toEqual({ kind: 'too-deep', path: 'a.b.1' });
  });

  it('reports duplicates and __proto__ with the path of their object', () => {
    expect(scanJson('{"a":[{"x":1},{"x":1,"x":2}]}', 10)).toEqual({ kind: 'duplicate-key', key: 'x', path: 'a.1' });
    expect(scanJson('{"a":{"__proto__":1}}', 10)).toEqual({ kind: 'proto-key', path: 'a' });
  });

  it('leaves malformed text to JSON.parse (never throws)', () => {
    for (const text of ['{"a', '{"a":1 "a":2}', '}}]]', '{"a":"\\', '[[[[', '']) expect(() => scanJson(text, 2)).not.toThrow();
  });
});

describe('the payload limit counts notification and message serialised', () => {
  it('so numbers written with an exponent count at their full length', async () => {
    // 150 × "1e20" is 749 bytes of text and 3 299 serialised: with the message text, ~1 850
    // bytes of body and ~4 360 of serialised payload.
    const numbers = Array.from({ length: 150 }, () => '1e20').join(',');
    const text = `{"to":"all","body":{"platform":"all","message":{"msg_content":"${'x'.repeat(1000)}","extras":{"n":[${numbers}]}}}}`;
    expect(Buffer.byteLength(text)).toBeLessThan(LIMITS.maxPayloadBytes);
    const response = await post(text);
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe(ErrorCodes.BODY_TOO_LARGE);
  });
});
