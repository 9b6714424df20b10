// The page the Chromium target loads: MSW's service worker with @push-api/mock/msw's handlers
// (the fake, running in the page), for two base URLs (one rate limited to 1 per second).
// test/msw-browser.test.ts bundles it with esbuild and makes every scenario's request from the
// page, where the service worker answers it.
import { setupWorker } from 'msw/browser';
import { createFakePushApi } from '@push-api/mock';
import { pushApiHandlers } from '@push-api/mock/msw';

declare global {
  interface Window {
    pushApiReady: Promise<void>;
  }
}

// The second test app comes in the page's query (?other=appKey:masterSecret), as the suite has it.
const [appKey = '', masterSecret = ''] = (new URLSearchParams(location.search).get('other') ?? '').split(':');
const OTHER_APP = { appKey, masterSecret };

const worker = setupWorker(
  ...pushApiHandlers(createFakePushApi({ otherApps: [OTHER_APP], rateLimitPerSecond: 0 }), { baseUrl: 'http://push-api.msw.test' }),
  ...pushApiHandlers(createFakePushApi({ otherApps: [OTHER_APP], rateLimitPerSecond: 1 }), { baseUrl: 'http://limited.push-api.msw.test' }),
);
window.pushApiReady = worker
  .start({ quiet: true, onUnhandledFrame: 'bypass', serviceWorker: { url: '/mockServiceWorker.js' } })
  .then(() => undefined);
