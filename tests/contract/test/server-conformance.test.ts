// The reference server, on the store engine of this vitest project, directly and behind
// `prism proxy --errors`: every scenario answers its status and body, a status the spec
// declares, and the proxy reports no violation. Then the seed request, as the vendor's page
// writes it.
import { TEST_APP, basicAuthorization, useTestServer } from '@push-api/test-support';
import { describe, expect, it } from 'vitest';
import { calls, clientFor } from '../src/calls.js';
import { describeConformance } from '../src/conformance.js';
import { engine, proxyTarget, serverTarget, type RunningTarget } from '../src/targets.js';

const targets = useTestServer(
  async () => {
    const server = await serverTarget();
    const proxy = await proxyTarget(server.servers);
    return { server, proxy, close: () => Promise.all([server.close(), proxy.close()]).then(() => undefined) };
  },
  { scope: 'all' },
);
const server = (): RunningTarget => targets().server;
const proxy = (): RunningTarget => targets().proxy;

const storeName = engine === 'postgres' ? 'PostgreSQL' : 'SQLite';
describeConformance({ name: `server (${storeName})`, target: server });
describeConformance({
  name: `Prism proxy → server (${storeName})`,
  target: proxy,
  notApplicable: (scenario) => (scenario.requestBreaksSpec ? 'Prism answers a request that breaks the spec itself' : undefined),
  extraChecks: (response, text) => {
    expect(response.headers.get('sl-violations'), text).toBeNull();
  },
});

describe.each([
  ['server', server],
  ['proxy', proxy],
] as const)('the seed, through %s', (_via, target) => {
  it('push, then recall it with Basic auth and Accept: application/json', async () => {
    const { url } = target().main;
    const { data: pushed } = await calls.createPush(clientFor(url), {});
    const msgId = (pushed as { msg_id: string }).msg_id;
    const response = await fetch(`${url}/v4/push/withdraw/${msgId}`, {
      method: 'DELETE',
      headers: { Authorization: basicAuthorization(TEST_APP), Accept: 'application/json' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ request_id: '', msg_id: msgId });
  });
});
