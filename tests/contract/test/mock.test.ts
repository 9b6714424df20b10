// (b) The client against Prism started with --errors: every operation × every declared
// status × every named example answers exactly the spec's example, with no violation.
import { TEST_APP, basicAuthorization, useTestServer } from '@push-api/test-support';
import { describe, expect, it } from 'vitest';
import { calls, clientFor } from '../src/calls.js';
import { declaredResponses } from '../src/spec.js';
import { startMock } from '../src/targets.js';

const mock = useTestServer(startMock, { scope: 'all' });

const cases = declaredResponses.flatMap((declared) =>
  Object.entries(declared.examples).map(([example, value]) => ({ ...declared, example, value })),
);

describe('the Prism mock answers every declared response with its example', () => {
  it('has cases for all three operations', () => {
    expect(new Set(cases.map((c) => c.operationId))).toEqual(new Set(['createPush', 'validatePush', 'withdrawMessage']));
  });

  it.each(cases)('$operationId $status $example', async ({ operationId, status, example, value }) => {
    const client = clientFor(mock().url);
    const { data, error, response } = await calls[operationId](client, {
      headers: { Prefer: `code=${status}, example=${example}` },
    });
    expect(response.headers.get('sl-violations')).toBeNull();
    expect(response.status).toBe(status);
    if (status < 300) expect(data).toEqual(value);
    else expect(error).toEqual(value);
  });
});

describe('the seed request', () => {
  it('DELETE /v4/push/withdraw/1828256757 with Basic auth answers 200 with string ids', async () => {
    const response = await fetch(`${mock().url}/v4/push/withdraw/1828256757`, {
      method: 'DELETE',
      headers: { Authorization: basicAuthorization(TEST_APP), Accept: 'application/json' },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { request_id: unknown; msg_id: string };
    expect(typeof body.request_id).toBe('string');
    expect(body.msg_id).toMatch(/^[0-9]{1,20}$/);
  });

  it('answers 401 without Authorization', async () => {
    const response = await fetch(`${mock().url}/v4/push/withdraw/1828256757`, {
      method: 'DELETE',
      headers: { Accept: 'application/json' },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: 21004, message: 'Verification failed' } });
  });
});
