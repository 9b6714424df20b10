// MSW in Node (setupServer from msw/node: no port) with @push-api/mock/msw's handlers: the
// scenarios' requests, made with the global fetch that MSW intercepts, meet the fake.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';
import { OTHER_APP } from '@push-api/test-support';
import { createFakePushApi } from '@push-api/mock';
import { pushApiHandlers } from '@push-api/mock/msw';
import { describeConformance, notNodeHttp } from '../src/conformance.js';

const main = 'http://push-api.msw.test';
const limited = 'http://limited.push-api.msw.test';
const server = setupServer(
  ...pushApiHandlers(createFakePushApi({ otherApps: [OTHER_APP], rateLimitPerSecond: 0 }), { baseUrl: main }),
  ...pushApiHandlers(createFakePushApi({ otherApps: [OTHER_APP], rateLimitPerSecond: 1 }), { baseUrl: limited }),
);
// An unhandled request fails instead of going out (msw 2 and 3 name the option differently).
const strict = { onUnhandledRequest: 'error', onUnhandledFrame: 'error' } as const;
beforeAll(() => {
  server.listen(strict);
});
afterAll(() => {
  server.close();
});

describeConformance({
  name: 'MSW in Node (setupServer)',
  target: () => ({
    main: { url: main, fetch: (...args) => fetch(...args) },
    limited: { url: limited, fetch: (...args) => fetch(...args) },
  }),
  notApplicable: notNodeHttp('in-process, no HTTP parser'),
});
