// One call per operation, written by hand: the contract suite makes each of them against
// every target. `coverage.test.ts` fails when the spec has an operation missing here.
import { createPushClient, type PushClient, type PushRequest } from '@push-api/client';
import { credentials } from './targets.js';

export const pushBody: PushRequest = {
  from: 'push',
  to: 'all',
  body: { platform: 'all', notification: { alert: 'Hello, push!' } },
  request_id: 'req-2026-11-25-0001',
};

export type RawResult = { data?: unknown; error?: unknown; response: Response };
type Init = { headers?: Record<string, string> };

export const calls: Record<string, (client: PushClient, init: Init, msgId?: string) => Promise<RawResult>> = {
  createPush: (client, init) => client.raw.POST('/v4/push', { body: pushBody, ...init }),
  validatePush: (client, init) => client.raw.POST('/v4/push/validate', { body: pushBody, ...init }),
  withdrawMessage: (client, init, msgId = '1828256757') =>
    client.raw.DELETE('/v4/push/withdraw/{msg_id}', {
      params: { path: { msg_id: msgId } },
      ...init,
      headers: { Accept: 'application/json', ...init.headers },
    }),
};

export const clientFor = (baseUrl: string, creds = credentials) =>
  createPushClient({ ...creds, baseUrl, retries: 0, timeoutMs: 10_000 });
