// The engine served by the runtime that runs this file — Bun (Bun.serve) or Deno (Deno.serve) —
// on a store in memory with the apps of PUSH_APPS ("key:secret,…"), on 127.0.0.1:PORT, with
// RATE_LIMIT_PER_SECOND (0: none). The conformance suite's "Bun" and "Deno" targets: the same
// engine as the server's, under another runtime. Prints "listening on <url>" when it is.
import { createEngine, createMemoryStore, hashSecret } from '@push-api/engine';

const env = (name) => globalThis.process?.env[name] ?? globalThis.Deno?.env.get(name);
const port = Number(env('PORT'));
const store = createMemoryStore();
for (const entry of (env('PUSH_APPS') ?? '').split(',').filter(Boolean)) {
  const [appKey, masterSecret] = entry.split(':');
  const { salt, hash } = await hashSecret(masterSecret);
  await store.saveApp({ appKey, secretSalt: salt, secretHash: hash, kind: 'configured', createdAt: 0, updatedAt: 0 });
}
const engine = createEngine({ store, rateLimitPerSecond: Number(env('RATE_LIMIT_PER_SECOND') ?? '0'), authFailuresPerMinute: 0 });

if (globalThis.Bun !== undefined) {
  globalThis.Bun.serve({
    hostname: '127.0.0.1',
    port,
    fetch: (request, server) => engine.fetch(request, { clientAddress: server.requestIP(request)?.address ?? '' }),
  });
} else if (globalThis.Deno !== undefined) {
  globalThis.Deno.serve({ hostname: '127.0.0.1', port, onListen: () => undefined }, (request, info) =>
    engine.fetch(request, { clientAddress: info.remoteAddr.hostname }),
  );
} else {
  throw new Error('serve-engine.mjs runs under Bun or Deno');
}
console.log(`listening on http://127.0.0.1:${port}`);
