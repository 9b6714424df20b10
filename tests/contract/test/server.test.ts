// The reference server, directly and behind `prism proxy --errors`: every scenario answers
// its status, every body is valid against the spec (the proxy reports no violation), and
// every status sent is one the spec declares.
import { TEST_APP, basicAuthorization, useTestServer } from '@push-api/test-support';
import { describe, expect, it } from 'vitest';
import { calls, clientFor } from '../src/calls.js';
import { scenarios } from '../src/scenarios.js';
import { declaredStatuses } from '../src/spec.js';
import { startProxy, startServer, type Target } from '../src/targets.js';

/** The server (no rate limit, and a limit of 1/s for the 429 scenarios), each also behind Prism's proxy. */
const targets = useTestServer(
  async () => {
    const [server, limitedServer] = await Promise.all([
      startServer({ RATE_LIMIT_PER_SECOND: '0' }),
      startServer({ RATE_LIMIT_PER_SECOND: '1' }),
    ]);
    const all: Record<string, Target> = {
      server,
      limitedServer,
      proxy: await startProxy(server),
      limitedProxy: await startProxy(limitedServer),
    };
    return { all, close: () => Promise.all(Object.values(all).map((target) => target.close())).then(() => undefined) };
  },
  { scope: 'all' },
);

describe.each(['server', 'proxy'])('through %s', (via) => {
  const urlFor = (rateLimited?: boolean) => targets().all[rateLimited ? `limited${via[0]!.toUpperCase()}${via.slice(1)}` : via]!.url;

  const cases = via === 'proxy' ? scenarios.filter((s) => !s.requestBreaksSpec) : scenarios;
  it.each(cases)('$operationId $status: $title', async (scenario) => {
    const response = await scenario.run(urlFor(scenario.rateLimited));
    const text = await response.text();
    expect(response.headers.get('sl-violations'), text).toBeNull();
    expect(response.status, text).toBe(scenario.status);
    expect(declaredStatuses(scenario.operationId)).toContain(response.status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = JSON.parse(text) as { error: { code: number }; request_id: unknown; msg_id: string };
    if (scenario.expectBody) expect(body).toEqual(scenario.expectBody);
    if (scenario.expectCode) expect(body.error.code).toBe(scenario.expectCode);
    if (scenario.status === 200) {
      expect(typeof body.request_id).toBe('string');
      expect(body.msg_id).toMatch(/^[0-9]{1,20}$/);
    }
  });

  it('the seed: push, then recall it with Basic auth and Accept: application/json', async () => {
    const client = clientFor(urlFor());
    const { data: pushed } = await calls.createPush(client, {});
    const msgId = (pushed as { msg_id: string }).msg_id;
    const response = await fetch(`${urlFor()}/v4/push/withdraw/${msgId}`, {
      method: 'DELETE',
      headers: { Authorization: basicAuthorization(TEST_APP), Accept: 'application/json' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ request_id: '', msg_id: msgId });
  });
});
