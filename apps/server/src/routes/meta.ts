// Routes outside the API contract, without authentication: the bundled spec as served
// files, the docs site (apps/docs/dist), and a health check that queries the store.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Contract } from '../contract/index.js';
import type { MessageStore } from '../store/types.js';
import { JSON_UTF8 } from '../plugins/errors.js';

export interface MetaRoutesOptions {
  contract: Contract;
  store: MessageStore;
  /** The built docs site; null when it cannot be found. */
  docsDir: string | null;
}

/** apps/docs/dist, found through the workspace package (null if the package is absent). */
export function defaultDocsDir(): string | null {
  try {
    return join(dirname(fileURLToPath(import.meta.resolve('@push-api/docs/package.json'))), 'dist');
  } catch {
    return null;
  }
}

const DOCS_NOT_BUILT = 'docs not built: run pnpm build\n';

export async function metaRoutes(app: FastifyInstance, { contract, store, docsDir }: MetaRoutesOptions): Promise<void> {
  const { jsonText, yamlText } = contract.spec;
  app.get('/openapi.json', (_request, reply) => {
    reply.header('content-type', JSON_UTF8).send(jsonText);
  });
  app.get('/openapi.yaml', (_request, reply) => {
    reply.header('content-type', 'application/yaml; charset=utf-8').send(yamlText);
  });

  const healthy = '{"status":"ok"}';
  const unhealthy = '{"status":"unavailable"}';
  app.get('/healthz', async (request, reply) => {
    reply.header('content-type', JSON_UTF8).header('cache-control', 'no-store');
    try {
      await store.ping();
      return healthy;
    } catch (error) {
      request.log.warn({ err: error }, 'health check: the store is unreachable');
      reply.code(503);
      return unhealthy;
    }
  });

  // Whether the site exists is decided at start: build the docs, then (re)start the server.
  if (docsDir !== null && existsSync(join(docsDir, 'index.html'))) {
    // Imported only when there is a site to serve: it is a noticeable part of start-up time.
    const { default: fastifyStatic } = await import('@fastify/static');
    await app.register(fastifyStatic, { root: docsDir, prefix: '/docs', redirect: true, index: 'index.html' });
  } else {
    const notBuilt = (_request: unknown, reply: FastifyReply) => {
      reply.code(503).header('content-type', 'text/plain; charset=utf-8').send(DOCS_NOT_BUILT);
    };
    app.get('/docs', notBuilt);
    app.get('/docs/*', notBuilt);
  }
}
