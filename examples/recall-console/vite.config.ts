// One setting picks where the page's requests go: VITE_PUSH_API_URL, from the environment or a
// .env file. Unset or empty, MSW mode: msw's own Vite plugin serves mockServiceWorker.js in
// `vite dev` and writes it to the root of dist/ in `vite build`, always the script of the msw
// installed here (the worker must match the msw bundled into the page), so no copy is kept in
// the repository. Set, server mode: there is no worker to ship.
import { fileURLToPath } from 'node:url';
import { msw } from 'msw/vite';
import { defineConfig, loadEnv } from 'vite';

const packageDir = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig(({ mode }) => {
  const serverMode = Boolean(loadEnv(mode, packageDir, 'VITE_').VITE_PUSH_API_URL?.trim());
  return { plugins: serverMode ? [] : [msw({ mode: 'worker-only' })] };
});
