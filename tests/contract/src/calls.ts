// One call per operation, written by hand: the contract suite makes each of them against
// every target. Its type lists every operationId of the spec: one missing fails to compile.
import { createPushClient, type PushClient, type PushRequest } from '@push-api/client';
import type { OperationId } from '@push-api/types';
import { TEST_APP } from '@push-api/test-support';

export const pushBody: PushRequest = {
  from: 'push',
  to: 'all',
  body: { platform: 'all', notification: { alert: 'Hello, push!' } },
  request_id: 'req-2026-11-25-0001',
};

export type RawResult = { data?: unknown; error?: unknown; response: Response };
type Init = { headers?: Record<string, string> };

export const calls: Record<OperationId, (client: PushClient, init: Init, msgId?: string) => Promise<RawResult>> = {
  createPush: (client, init) => client.raw.POST('/v4/push', { body: pushBody, ...init }),
  validatePush: (client, init) => client.raw.POST('/v4/push/validate', { body: pushBody, ...init }),
  withdrawMessage: (client, init, msgId = '1828256757') =>
    client.raw.DELETE('/v4/push/withdraw/{msg_id}', {
      params: { path: { msg_id: msgId } },
      ...init,
      headers: { Accept: 'application/json', ...init.headers },
    }),
};

export const clientFor = (baseUrl: string, creds = TEST_APP) => createPushClient({ ...creds, baseUrl, retries: 0, timeoutMs: 10_000 });
