// The same scenarios on everything else that has the API's behaviour: the two mocks as
// `pnpm mock` runs them, the fake in this process, and the engine served by Bun and by Deno.
// A stateless mock cannot have the behaviour that needs state or apps (it answers the spec's
// examples: test/mock.test.ts holds it to them); a 431 is Node's HTTP parser's, so only the
// targets served by it have one.
import { useTestServer } from '@push-api/test-support';
import { describeConformance, notNodeHttp } from '../src/conformance.js';
import { fakeTarget, prismMockTarget, runtimeTarget, statefulMockTarget } from '../src/targets.js';

describeConformance({
  name: 'Prism mock (pnpm mock)',
  target: useTestServer(prismMockTarget, { scope: 'all' }),
  notApplicable: (scenario) => (scenario.stateful ? 'stateless: it answers the spec’s examples' : undefined),
});
describeConformance({ name: 'stateful mock (pnpm mock --stateful)', target: useTestServer(statefulMockTarget, { scope: 'all' }) });
describeConformance({
  name: 'fake (createFakePushApi().fetch)',
  target: useTestServer(() => Promise.resolve(fakeTarget()), { scope: 'all' }),
  notApplicable: notNodeHttp('in-process, no HTTP parser'),
});
describeConformance({
  name: 'engine on Bun (Bun.serve)',
  target: useTestServer(() => runtimeTarget('bun'), { scope: 'all' }),
  notApplicable: notNodeHttp('Bun’s own HTTP server'),
});
describeConformance({
  name: 'engine on Deno (Deno.serve)',
  target: useTestServer(() => runtimeTarget('deno'), { scope: 'all' }),
  notApplicable: notNodeHttp('Deno’s own HTTP server'),
});
