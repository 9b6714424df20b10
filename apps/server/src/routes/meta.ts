// Routes outside the API contract, without authentication: the bundled spec as served
// files, the docs site (apps/docs/dist), and a health check that queries the store.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import type { SpecDocument } from '../openapi/document.js';
import { StoreUnavailableError, type Store } from '../store/types.js';

export interface MetaRoutesOptions {
  /** The bundled spec, read on the first request for it. */
  spec: () => SpecDocument;
  store: Store;
  /** The built docs site's folder (null: none), asked for on the first request for a page. */
  docsDir: () => string | null;
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

export const metaRoutes: FastifyPluginCallback<MetaRoutesOptions> = (app, { spec, store, docsDir }, done) => {
  app.get('/openapi.json', (_request, reply) => reply.type('application/json; charset=utf-8').send(spec().jsonText));
  app.get('/openapi.yaml', (_request, reply) => reply.type('application/yaml; charset=utf-8').send(spec().yamlText));

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

  // Whether the site exists is decided on the first request for a page, and kept: build the
  // docs, then (re)start the server. (Not at start: finding the folder was ~3 ms of a start.)
  let site: string | null | undefined;
  const builtSite = (): string | null => {
    if (site === undefined) {
      const dir = docsDir();
      site = dir !== null && existsSync(join(dir, 'index.html')) ? dir : null;
    }
    return site;
  };
  const notBuilt = (reply: FastifyReply) => reply.code(503).type('text/plain; charset=utf-8').send(DOCS_NOT_BUILT);
  app.get('/docs', (request, reply) => (builtSite() === null ? notBuilt(reply) : reply.redirect(withSlash(request.url), 301)));
  app.get('/docs/*', (request: FastifyRequest<{ Params: { '*': string } }>, reply) => {
    const root = builtSite();
    return root === null ? notBuilt(reply) : sendDocsPage(request, reply, root);
  });
  done();
};

/** "/docs?x" → "/docs/?x". */
function withSlash(url: string): string {
  const query = url.indexOf('?');
  return query < 0 ? `${url}/` : `${url.slice(0, query)}/${url.slice(query)}`;
}

/**
 * A file of the docs site, as @fastify/static serves one (ETag, Last-Modified, ranges, index.html
 * for a folder, a folder without its slash redirected, nothing outside the site): with
 * @fastify/send, the file server inside @fastify/static, imported on the first request for a
 * page instead of at start, where it was a tenth of the time to the first answer.
 */
async function sendDocsPage(
  request: FastifyRequest<{ Params: { '*': string } }>,
  reply: FastifyReply,
  root: string,
): Promise<FastifyReply> {
  const { default: send } = await import('@fastify/send');
  // send decodes the path it is given: the decoded page is encoded again.
  const result = await send(request.raw, encodeURI(`/${request.params['*']}`), { root, index: 'index.html' });
  switch (result.type) {
    case 'directory':
      return reply.redirect(withSlash(request.url), 301);
    case 'error':
      if ((result.metadata.error as NodeJS.ErrnoException).code !== 'ENOENT' && result.statusCode !== 404)
        return reply.send(result.metadata.error);
      reply.callNotFound();
      return reply;
    case 'file':
      return reply.code(result.statusCode).headers(result.headers).send(result.stream);
  }
}
