// MSW request handlers whose answers are the fake's, so the real API's behaviour (recall once,
// within the day, the envelope, the spec's validation) is what a test or a page meets, with no
// port: `setupServer(...pushApiHandlers(fake))` in Node (vitest, jest), `setupWorker(...)` in
// the browser (a service worker), per Storybook story, in Playwright. Every request under
// `baseUrl` goes to the fake, so unknown paths answer 404 and other methods 405 as the API
// does; a handler added later with `server.use()` (an openapi-msw one, typed from the spec's
// `paths`) takes over its own request while the rest keeps the real behaviour. Imported from
// the root of `msw` only, which is the same in msw 2 and 3, in Node and in browsers.
import { http, type HttpHandler } from 'msw';
import type { FakePushApi } from './fake.js';

export interface PushApiHandlersOptions {
  /** The API's base URL as the code under test calls it (default the Singapore data centre, the client's default). */
  baseUrl?: string;
}

/** The base URL the client uses when given no region or baseUrl. */
export const DEFAULT_BASE_URL = 'https://pushapi-sgp.engagelab.com';

export function pushApiHandlers(fake: Pick<FakePushApi, 'fetch'>, options: PushApiHandlersOptions = {}): HttpHandler[] {
  // A base URL ending in "/" would make the pattern "…//*", which matches only "//" paths.
  const base = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  return [http.all(`${base}/*`, ({ request }) => fake.fetch(request))];
}
