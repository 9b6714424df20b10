// The target rules every adapter shares: path before ? and #, repeated slashes as one, each
// segment percent-decoded, an undecodable path told apart; then the operation, or 405 on a
// path of the spec (with Allow, whatever the method), else 404.
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '@push-api/types';
import { ApiError } from '../src/errors.js';
import { OperationRouter, parseTarget, type Target } from '../src/router.js';

const router = new OperationRouter((operationId) => operationId);
const target = (url: string): Target => {
  const parsed = parseTarget(url);
  if (parsed === 'bad-url') throw new Error(`${url} did not parse`);
  return parsed;
};
const find = (method: string, url: string) => {
  const match = router.find(method, target(url));
  return match instanceof ApiError ? [match.status, match.code, match.headers?.allow] : [match.route, match.params];
};

describe('parseTarget', () => {
  it.each([
    ['/v4/push', ['v4', 'push']],
    ['//v4//push', ['v4', 'push']],
    ['/v4/push/', ['v4', 'push', '']],
    ['/v4/push?x=1#y', ['v4', 'push']],
    ['/v4/push#frag?x', ['v4', 'push']],
    ['/v4/%70ush', ['v4', 'push']],
    ['/v4/push/withdraw/1%2F2', ['v4', 'push', 'withdraw', '1/2']],
    ['/', ['']],
    ['http://host:8080/v4/push?x', ['v4', 'push']],
    ['HTTPS://host', ['']],
  ])('%s → %j', (url, segments) => {
    expect(target(url).segments).toEqual(segments);
  });

  it.each(['/v4/push/withdraw/%zz', '/v4/push/withdraw/%', '/v4/push/withdraw/1%2', '/%C0%80', '/%ED%A0%80', '*', 'ftp://host/x'])(
    '%s does not decode (or is no path)',
    (url) => {
      expect(parseTarget(url)).toBe('bad-url');
    },
  );

  it("decodes only the path: a broken encoding in the query is the query's business", () => {
    expect(target('/v4/push?x=%zz').segments).toEqual(['v4', 'push']);
  });
});

describe('OperationRouter', () => {
  it('finds each operation with its parameters, decoded, empty or long', () => {
    expect(find('POST', '/v4/push')).toEqual(['createPush', {}]);
    expect(find('POST', '/v4/push/validate')).toEqual(['validatePush', {}]);
    expect(find('DELETE', '/v4/push/withdraw/1180003')).toEqual(['withdrawMessage', { msg_id: '1180003' }]);
    expect(find('DELETE', '/v4/push/withdraw/')).toEqual(['withdrawMessage', { msg_id: '' }]);
    expect(find('DELETE', `/v4/push/withdraw/${'9'.repeat(5000)}`)).toEqual(['withdrawMessage', { msg_id: '9'.repeat(5000) }]);
  });

  it('answers 405 with Allow on a path of the spec, whatever the method', () => {
    for (const method of ['GET', 'HEAD', 'PUT', 'PROPFIND', 'QUERY'])
      expect(find(method, '/v4/push')).toEqual([405, ErrorCodes.METHOD_NOT_ALLOWED, 'POST']);
    expect(find('POST', '/v4/push/withdraw/1')).toEqual([405, ErrorCodes.METHOD_NOT_ALLOWED, 'DELETE']);
  });

  it('answers 404 elsewhere, trailing slashes and case included', () => {
    for (const url of ['/', '/v4', '/v4/push/', '/V4/push', '/v4/push/withdraw', '/v4/push/withdraw/1/', '/v4/push/withdraw/../1']) {
      expect(find('POST', url)).toEqual([404, ErrorCodes.INVALID_PARAMETER, undefined]);
    }
  });
});
