// Where the page's requests go, chosen at build time by one setting, VITE_PUSH_API_URL.
// Unset or empty: MSW mode, the fake answers in this page through MSW's service worker.
// Set: server mode, the reference server at that URL (`pnpm start`), with the credentials
// typed into the page.

export interface AppCredentials {
  appKey: string;
  masterSecret: string;
}

export interface ApiTarget {
  mode: 'msw' | 'server';
  /** The client's baseUrl. */
  baseUrl: string;
  /** What the credential fields start with. */
  credentials: AppCredentials;
}

export async function connectApi(): Promise<ApiTarget> {
  // Read straight from import.meta.env: Vite writes the value in, and the bundler then drops
  // the branch not taken (in server mode, msw and the fake are not in the bundle).
  const serverUrl = import.meta.env.VITE_PUSH_API_URL?.trim();
  if (serverUrl) {
    return {
      mode: 'server',
      baseUrl: serverUrl,
      credentials: { appKey: import.meta.env.VITE_APP_KEY ?? '', masterSecret: import.meta.env.VITE_MASTER_SECRET ?? '' },
    };
  }
  const { startMockApi } = await import('./mock-api.js');
  return { mode: 'msw', ...(await startMockApi()) };
}
