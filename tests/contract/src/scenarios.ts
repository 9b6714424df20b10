// How to provoke each declared status of each operation on a target that has the API's
// behaviour: every scenario runs on every target of the conformance suite (the server on
// SQLite and PostgreSQL, behind Prism's validating proxy, the mocks, the fake, MSW in Node
// and in Chromium, the engine under Bun and Deno: src/targets.ts), each through the target's
// own `fetch`. `coverage.test.ts` fails when a declared status has neither a scenario nor an
// exemption.
import { OTHER_APP, TEST_APP, basicAuthorization } from '@push-api/test-support';
import { ERROR_MESSAGES, type OperationId } from '@push-api/types';
import { pushBody } from './calls.js';

/** Where a scenario sends its requests: a base URL and the fetch that reaches it. */
export interface Endpoint {
  url: string;
  fetch: typeof fetch;
}

export interface Scenario {
  operationId: OperationId;
  status: number;
  title: string;
  /** Needs the target started with a tiny rate limit (its `limited` endpoint). */
  rateLimited?: boolean;
  /**
   * The request itself breaks the spec (schema, method, missing credentials): Prism's proxy
   * answers it without forwarding, so it does not run there.
   */
  requestBreaksSpec?: boolean;
  /** Needs the API's state or its apps (what a stateless mock answering examples cannot have). */
  stateful?: boolean;
  /** What Node's HTTP parser answers (431): only the targets served by Node's HTTP. */
  nodeHttp?: boolean;
  run: (endpoint: Endpoint) => Promise<Response>;
  /** The exact error body expected, when the spec fixes it; else only the code. */
  expectBody?: unknown;
  expectCode?: number;
}

const json = { 'Content-Type': 'application/json', Accept: 'application/json' };
const auth = { Authorization: basicAuthorization(TEST_APP) };

const post = ({ url, fetch }: Endpoint, path: string, body: unknown, headers: Record<string, string> = auth) =>
  fetch(url + path, { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify(body) });
const del = ({ url, fetch }: Endpoint, msgId: string, headers: Record<string, string> = auth) =>
  fetch(`${url}/v4/push/withdraw/${msgId}`, { method: 'DELETE', headers: { ...json, ...headers } });

async function pushedId(endpoint: Endpoint, headers = auth): Promise<string> {
  const response = await post(endpoint, '/v4/push', pushBody, headers);
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
    { operationId, status: 200, title: 'a valid push', run: (endpoint) => post(endpoint, path, pushBody) },
    {
      operationId,
      status: 400,
      title: 'a missing platform',
      requestBreaksSpec: true,
      expectCode: 21002,
      run: (endpoint) => post(endpoint, path, { to: 'all', body: { notification: { alert: 'x' } } }),
    },
    {
      operationId,
      status: 400,
      title: 'notification and message together',
      requestBreaksSpec: true,
      expectCode: 21306,
      run: (endpoint) =>
        post(endpoint, path, { to: 'all', body: { platform: 'all', notification: { alert: 'x' }, message: { msg_content: 'y' } } }),
    },
    {
      operationId,
      status: 400,
      title: 'big_push_duration over 1440',
      requestBreaksSpec: true,
      expectCode: 23006,
      run: (endpoint) => post(endpoint, path, { ...pushBody, body: { ...pushBody.body, options: { big_push_duration: 1441 } } }),
    },
    {
      operationId,
      status: 400,
      title: 'content over 4000 bytes',
      expectCode: 21005,
      run: (endpoint) => post(endpoint, path, { ...pushBody, body: { platform: 'all', notification: { alert: 'é'.repeat(2001) } } }),
    },
    {
      operationId,
      status: 401,
      title: 'a wrong master secret',
      stateful: true,
      expectBody: err(21004, 'Verification failed'),
      run: (endpoint) => post(endpoint, path, pushBody, { Authorization: basicAuthorization({ ...TEST_APP, masterSecret: 'wrong' }) }),
    },
    {
      operationId,
      status: 405,
      title: 'GET on the path',
      requestBreaksSpec: true,
      expectCode: 21001,
      run: ({ url, fetch }) => fetch(url + path, { method: 'GET', headers: { ...json, ...auth } }),
    },
    {
      operationId,
      status: 429,
      title: 'over the rate limit',
      rateLimited: true,
      stateful: true,
      expectCode: 23008,
      run: (endpoint) => untilRateLimited(() => post(endpoint, path, pushBody)),
    },
    headersTooLarge(operationId, (endpoint) => post(endpoint, path, pushBody, { ...auth, ...padding })),
  ];
}

/** A header past the server's 16 KiB limit: Node answers before any route (Prism would too). */
const padding = { 'X-Padding': 'a'.repeat(20_000) };

function headersTooLarge(operationId: OperationId, run: (endpoint: Endpoint) => Promise<Response>): Scenario {
  return {
    operationId,
    status: 431,
    title: 'headers over 16 KiB',
    requestBreaksSpec: true,
    nodeHttp: true,
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
    stateful: true,
    run: async (endpoint) => del(endpoint, await pushedId(endpoint)),
  },
  {
    operationId: 'withdrawMessage',
    status: 400,
    title: 'an unknown id',
    stateful: true,
    expectBody: err(21003, ERROR_MESSAGES.msgIdNotExist),
    run: (endpoint) => del(endpoint, '1828256757'),
  },
  {
    operationId: 'withdrawMessage',
    status: 400,
    title: 'another app’s id',
    stateful: true,
    expectBody: err(21003, ERROR_MESSAGES.msgIdNotExist),
    run: async (endpoint) => del(endpoint, await pushedId(endpoint, { Authorization: basicAuthorization(OTHER_APP) })),
  },
  {
    operationId: 'withdrawMessage',
    status: 400,
    title: 'a second recall',
    stateful: true,
    expectBody: err(21003, ERROR_MESSAGES.msgIdWithdrawn),
    run: async (endpoint) => {
      const id = await pushedId(endpoint);
      await del(endpoint, id);
      return del(endpoint, id);
    },
  },
  {
    operationId: 'withdrawMessage',
    status: 400,
    title: 'a non-numeric id',
    requestBreaksSpec: true,
    expectBody: err(21003, ERROR_MESSAGES.msgIdNotNumeric),
    run: (endpoint) => del(endpoint, 'abc'),
  },
  {
    operationId: 'withdrawMessage',
    status: 401,
    title: 'no Authorization',
    requestBreaksSpec: true,
    expectBody: err(21004, 'Verification failed'),
    run: (endpoint) => del(endpoint, '1828256757', {}),
  },
  {
    operationId: 'withdrawMessage',
    status: 405,
    title: 'POST on the path',
    requestBreaksSpec: true,
    expectCode: 21001,
    run: ({ url, fetch }) => fetch(`${url}/v4/push/withdraw/1`, { method: 'POST', headers: { ...json, ...auth }, body: '{}' }),
  },
  {
    operationId: 'withdrawMessage',
    status: 429,
    title: 'over the rate limit',
    rateLimited: true,
    stateful: true,
    expectCode: 23008,
    run: (endpoint) => untilRateLimited(() => del(endpoint, '1')),
  },
  headersTooLarge('withdrawMessage', (endpoint) => del(endpoint, '1', { ...auth, ...padding })),
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
