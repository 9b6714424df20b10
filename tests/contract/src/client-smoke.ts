// The client's smoke scenario, run as it is in Node, Bun, Deno and Chromium
// (test/client-runtimes.test.ts): push, validate, recall, recall again, and a bulk recall,
// against the reference server, with the debug log on. It returns what it saw, as plain data,
// so that every runtime's answer can be compared with Node's.
import type * as Client from '@push-api/client';

export interface SmokeReport {
  pushed: boolean;
  validated: boolean;
  recalled: boolean;
  requestIdOnResult: boolean;
  again: { instanceOfPushApiError: boolean; isPushApiError: boolean; status: number; code: number | undefined; reason: string };
  alreadyWithdrawnOk: boolean;
  bulk: Client.WithdrawSummary;
  logLines: number;
  secretInLog: boolean;
}

export async function smoke(
  client: typeof Client,
  { baseUrl, appKey, masterSecret, browser = false }: { baseUrl: string; appKey: string; masterSecret: string; browser?: boolean },
): Promise<SmokeReport> {
  const lines: string[] = [];
  const keep = (line: string) => void lines.push(line);
  const api = client.createPushClient({
    appKey,
    masterSecret,
    baseUrl,
    retries: 1,
    logLevel: 'debug',
    logger: { debug: keep, info: keep, warn: keep, error: keep },
    dangerouslyAllowBrowser: browser,
  });
  const body: Client.PushRequest = { to: 'all', body: { platform: 'all', notification: { alert: 'smoke' } } };
  const pushed = await api.push(body);
  const validated = await api.validate(body);
  const recalled = await api.withdraw(pushed.msg_id);
  const again: unknown = await api.withdraw(pushed.msg_id).catch((error: unknown) => error);
  const ok = await api.withdraw(pushed.msg_id, { alreadyWithdrawnOk: true });
  const second = await api.push(body);
  const bulk = await api.withdrawMany([second.msg_id, pushed.msg_id, '999999999999999999', second.msg_id]);
  const failure = again instanceof client.PushApiError ? again : undefined;
  return {
    pushed: /^[0-9]{1,20}$/.test(pushed.msg_id),
    validated: typeof validated.msg_id === 'string',
    recalled: recalled.msg_id === pushed.msg_id,
    requestIdOnResult: typeof recalled.requestId === 'string' && recalled.requestId !== '',
    again: {
      instanceOfPushApiError: failure !== undefined,
      isPushApiError: client.isPushApiError(again),
      status: failure?.status ?? 0,
      code: failure?.code,
      reason: failure?.reason ?? String(again),
    },
    alreadyWithdrawnOk: ok.alreadyWithdrawn === true,
    bulk: bulk.summary,
    logLines: lines.length,
    secretInLog: lines.some((line) => line.includes(masterSecret)),
  };
}
