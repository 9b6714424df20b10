#!/usr/bin/env node
// `pnpm docs` (after the build): serves apps/docs/dist on http://127.0.0.1:8081 (HOST, PORT).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createStaticServer } from './lib/static-server.mjs';

const root = fileURLToPath(new URL('../dist/', import.meta.url));
if (!existsSync(new URL('index.html', `file://${root}`))) {
  console.error(`docs: ${root}index.html is missing; build first: pnpm --filter @push-api/docs build`);
  process.exit(1);
}
const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 8081);
const server = createStaticServer({ root });
server.on('error', (error) => {
  console.error(`docs: cannot listen on ${host}:${port}: ${error.message}`);
  process.exit(1);
});
server.listen(port, host, () => {
  const { port: actual } = /** @type {import('node:net').AddressInfo} */ (server.address());
  console.log(`Push API docs on http://${host}:${actual}/ (reference, guides in guides/)`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => server.close(() => process.exit(0)));
