// MSW mode: the fake Push API of @push-api/mock (the reference server's own engine, on a store
// in memory) runs in this page, and MSW's service worker hands it every request made to the
// client's default data centre. Nothing leaves the browser; the messages last as long as the page.
import { setupWorker } from 'msw/browser';
import { createFakePushApi } from '@push-api/mock';
import { DEFAULT_BASE_URL, pushApiHandlers } from '@push-api/mock/msw';

export async function startMockApi() {
  const fake = createFakePushApi();
  const worker = setupWorker(...pushApiHandlers(fake, { baseUrl: DEFAULT_BASE_URL }));
  // vite.config.ts puts the installed msw's worker script at the site's root, so its scope is the whole page.
  await worker.start({ onUnhandledFrame: 'bypass', serviceWorker: { url: `${import.meta.env.BASE_URL}mockServiceWorker.js` } });
  return { baseUrl: DEFAULT_BASE_URL, credentials: fake.credentials };
}
