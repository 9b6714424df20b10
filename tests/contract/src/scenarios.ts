// How to provoke each declared status of each operation on a real server. The same
// scenarios run against the server directly and through Prism's validating proxy.
// `coverage.test.ts` fails when a declared status has neither a scenario nor an exemption.
import { OTHER_APP, TEST_APP, basicAuthorization } from '@push-api/test-support';
import { ERROR_MESSAGES, type OperationId } from '@push-api/types';
import { pushBody } from './calls.js';

export interface Scenario {
  operationId: OperationId;
  status: number;
  title: string;
  /** Needs the server started with a tiny rate limit. */
  rateLimited?: boolean;
  /**
   * The request itself breaks the spec (schema, method, missing credentials): Prism's proxy
   * answers it without forwarding, so it runs against the server directly only.
   */
  requestBreaksSpec?: boolean;
  run(url: string): Promise<Response>;
  /** The exact error body expected, when the spec fixes it; else only the code. */
  expectBody?: unknown;
  expectCode?: number;
}

const json = { 'Content-Type': 'application/json', Accept: 'application/json' };
const auth = { Authorization: basicAuthorization(TEST_APP) };

const post = (url: string, path: string, body: unknown, headers: Record<string, string> = auth) =>
  fetch(url + path, { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify(body) });
const del = (url: string, msgId: string, headers: Record<string, string> = auth) =>
  fetch(`${url}/v4/push/withdraw/${msgId}`, { method: 'DELETE', headers: { ...json, ...headers } });

async function pushedId(url: string, headers = auth): Promise<string> {
  const response = await post(url, '/v4/push', pushBody, headers);
  if (response.status !== 200) throw new Error(`push failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { msg_id: string }).msg_id;
}

async function untilRateLimited(send: () => Promise<Response>): Promise<Response> {
  for (let i = 0; i < 20; i++) {
    const responses = await Promise.all([send(), send(), send()]);
    const limited = responses.find((r) => r.status === 429);
    if (limited) return limited;
  }
  throw new Error('never rate limited');
}

const err = (code: number, message: string) => ({ error: { code, message } });

function pushScenarios(operationId: OperationId, path: string): Scenario[] {
  return [
    { operationId, status: 200, title: 'a valid push', run: (url) => post(url, path, pushBody) },
    {
      operationId,
      status: 400,
      title: 'a missing platform',
      requestBreaksSpec: true,
      expectCode: 21002,
      run: (url) => post(url, path, { to: 'all', body: { notification: { alert: 'x' } } }),
    },
    {
      operationId,
      status: 400,
      title: 'notification and message together',
      requestBreaksSpec: true,
      expectCode: 21306,
      run: (url) => post(url, path, { to: 'all', body: { platform: 'all', notification: { alert: 'x' }, message: { msg_content: 'y' } } }),
    },
    {
      operationId,
      status: 400,
      title: 'big_push_duration over 1440',
      requestBreaksSpec: true,
      expectCode: 23006,
      run: (url) => post(url, path, { ...pushBody, body: { ...pushBody.body, options: { big_push_duration: 1441 } } }),
    },
    {
      operationId,
      status: 400,
      title: 'content over 4000 bytes',
      expectCode: 21005,
      run: (url) => post(url, path, { ...pushBody, body: { platform: 'all', notification: { alert: 'é'.repeat(2001) } } }),
    },
    {
      operationId,
      status: 401,
      title: 'a wrong master secret',
      expectBody: err(21004, 'Verification failed'),
      run: (url) => post(url, path, pushBody, { Authorization: basicAuthorization({ ...TEST_APP, masterSecret: 'wrong' }) }),
    },
    {
      operationId,
      status: 405,
      title: 'GET on the path',
      requestBreaksSpec: true,
      expectCode: 21001,
      run: (url) => fetch(url + path, { method: 'GET', headers: { ...json, ...auth } }),
    },
    {
      operationId,
      status: 429,
      title: 'over the rate limit',
      rateLimited: true,
      expectCode: 23008,
      run: (url) => untilRateLimited(() => post(url, path, pushBody)),
    },
    headersTooLarge(operationId, (url) => post(url, path, pushBody, { ...auth, ...padding })),
  ];
}

/** A header past the server's 16 KiB limit: Node answers before any route (Prism would too). */
const padding = { 'X-Padding': 'a'.repeat(20_000) };

function headersTooLarge(operationId: OperationId, run: (url: string) => Promise<Response>): Scenario {
  return {
    operationId,
    status: 431,
    title: 'headers over 16 KiB',
    requestBreaksSpec: true,
    expectBody: err(27003, 'Request header fields too large'),
    run,
  };
}

export const scenarios: Scenario[] = [
  ...pushScenarios('createPush', '/v4/push'),
  ...pushScenarios('validatePush', '/v4/push/validate'),
  {
    operationId: 'withdrawMessage',
    status: 200,
    title: 'a fresh message',
    run: async (url) => del(url, await pushedId(url)),
  },
  {
    operationId: 'withdrawMessage',
    status: 400,
    title: 'an unknown id',
    expectBody: err(21003, ERROR_MESSAGES.msgIdNotExist),
    run: (url) => del(url, '1828256757'),
  },
  {
    operationId: 'withdrawMessage',
    status: 400,
    title: 'another app’s id',
    expectBody: err(21003, ERROR_MESSAGES.msgIdNotExist),
    run: async (url) => del(url, await pushedId(url, { Authorization: basicAuthorization(OTHER_APP) })),
  },
  {
    operationId: 'withdrawMessage',
    status: 400,
    title: 'a second recall',
    expectBody: err(21003, ERROR_MESSAGES.msgIdWithdrawn),
    run: async (url) => {
      const id = await pushedId(url);
      await del(url, id);
      return del(url, id);
    },
  },
  {
    operationId: 'withdrawMessage',
    status: 400,
    title: 'a non-numeric id',
    requestBreaksSpec: true,
    expectBody: err(21003, ERROR_MESSAGES.msgIdNotNumeric),
    run: (url) => del(url, 'abc'),
  },
  {
    operationId: 'withdrawMessage',
    status: 401,
    title: 'no Authorization',
    requestBreaksSpec: true,
    expectBody: err(21004, 'Verification failed'),
    run: (url) => del(url, '1828256757', {}),
  },
  {
    operationId: 'withdrawMessage',
    status: 405,
    title: 'POST on the path',
    requestBreaksSpec: true,
    expectCode: 21001,
    run: (url) => fetch(`${url}/v4/push/withdraw/1`, { method: 'POST', headers: { ...json, ...auth }, body: '{}' }),
  },
  {
    operationId: 'withdrawMessage',
    status: 429,
    title: 'over the rate limit',
    rateLimited: true,
    expectCode: 23008,
    run: (url) => untilRateLimited(() => del(url, '1')),
  },
  headersTooLarge('withdrawMessage', (url) => del(url, '1', { ...auth, ...padding })),
];

/** Declared statuses no outside request can provoke, and where they are tested instead. */
export const exemptions: Partial<Record<`${OperationId} ${number}`, string>> = {
  'createPush 500': 'a fault cannot be provoked from outside; apps/server tests inject one',
  'validatePush 500': 'a fault cannot be provoked from outside; apps/server tests inject one',
  'withdrawMessage 500': 'a fault cannot be provoked from outside; apps/server tests inject one',
  'createPush 408': 'needs a client that sends too slowly; tests/hardening (slow clients) runs one',
  'validatePush 408': 'needs a client that sends too slowly; tests/hardening (slow clients) runs one',
  'withdrawMessage 408': 'needs a client that sends too slowly; tests/hardening (slow clients) runs one',
  'createPush 503': 'needs the store to go away; apps/server tests inject an outage, tests/scale stops PostgreSQL under running servers',
  'validatePush 503': 'needs the store to go away; apps/server tests inject an outage, tests/scale stops PostgreSQL under running servers',
  'withdrawMessage 503':
    'needs the store to go away; apps/server tests inject an outage, tests/scale stops PostgreSQL under running servers',
};
