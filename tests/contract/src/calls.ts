// One call per operation, written by hand: the contract suite makes each of them against
// every target, through openapi-fetch typed by the spec's `paths` (every answer, whatever its
// status, as { data, error, response }). Its type lists every operationId of the spec: one
// missing fails to compile.
import createClient, { type Client } from 'openapi-fetch';
import type { PushRequest } from '@push-api/client';
import type { OperationId, paths } from '@push-api/types';
import { basicAuthorization, TEST_APP } from '@push-api/test-support';

export const pushBody: PushRequest = {
  from: 'push',
  to: 'all',
  body: { platform: 'all', notification: { alert: 'Hello, push!' } },
  request_id: 'req-2026-11-25-0001',
};

export type RawResult = { data?: unknown; error?: unknown; response: Response };
type Init = { headers?: Record<string, string> };

export const calls: Record<OperationId, (client: Client<paths>, init: Init, msgId?: string) => Promise<RawResult>> = {
  createPush: (client, init) => client.POST('/v4/push', { body: pushBody, ...init }),
  validatePush: (client, init) => client.POST('/v4/push/validate', { body: pushBody, ...init }),
  withdrawMessage: (client, init, msgId = '1828256757') =>
    client.DELETE('/v4/push/withdraw/{msg_id}', {
      params: { path: { msg_id: msgId } },
      ...init,
      headers: { Accept: 'application/json', ...init.headers },
    }),
};

export const clientFor = (baseUrl: string, creds = TEST_APP) =>
  createClient<paths>({
    baseUrl,
    headers: { Authorization: basicAuthorization(creds) },
    fetch: (request) => fetch(request, { signal: AbortSignal.timeout(10_000) }),
  });
