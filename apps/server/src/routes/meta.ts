// Routes outside the API contract, without authentication: the bundled spec as served
// files, the docs site (apps/docs/dist), and a health check that queries the store.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { SpecDocument } from '../openapi/document.js';
import { StoreUnavailableError, type Store } from '../store/types.js';

export interface MetaRoutesOptions {
  spec: SpecDocument;
  store: Store;
  /** The built docs site; null when it cannot be found. */
  docsDir: string | null;
}

/**
 * apps/docs/dist beside this package in the repository (`pnpm start` builds it first); null
 * when this package is not where it can find itself.
 */
export function defaultDocsDir(): string | null {
  try {
    return join(dirname(fileURLToPath(import.meta.resolve('@push-api/server/package.json'))), '..', 'docs', 'dist');
  } catch {
    return null;
  }
}

const DOCS_NOT_BUILT = 'docs not built: run pnpm build\n';

export const metaRoutes: FastifyPluginAsync<MetaRoutesOptions> = async (app, { spec, store, docsDir }) => {
  app.get('/openapi.json', (_request, reply) => reply.type('application/json; charset=utf-8').send(spec.jsonText));
  app.get('/openapi.yaml', (_request, reply) => reply.type('application/yaml; charset=utf-8').send(spec.yamlText));

  app.get('/healthz', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      await store.ping();
      return { status: 'ok' };
    } catch (error) {
      request.log.warn({ err: error }, 'health check: the store cannot serve');
      const reason = error instanceof StoreUnavailableError ? error.reason : 'the store does not answer';
      return reply.code(503).send({ status: 'unavailable', store: reason });
    }
  });

  // Whether the site exists is decided at start: build the docs, then (re)start the server.
  if (docsDir !== null && existsSync(join(docsDir, 'index.html'))) {
    // Imported only when there is a site to serve: it is a noticeable part of start-up time.
    const { default: fastifyStatic } = await import('@fastify/static');
    await app.register(fastifyStatic, { root: docsDir, prefix: '/docs', redirect: true, index: 'index.html' });
  } else {
    const notBuilt = (_request: unknown, reply: FastifyReply) => reply.code(503).type('text/plain; charset=utf-8').send(DOCS_NOT_BUILT);
    app.get('/docs', notBuilt);
    app.get('/docs/*', notBuilt);
  }
};
