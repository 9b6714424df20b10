// Routes outside the API contract, without authentication: the root (where things are), the
// bundled spec as served files, the docs site (apps/docs/dist), and a health check that
// queries the store.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { malformed, noSuchPath, StoreUnavailableError, type Target } from '@push-api/engine';
import type { Answer } from '../http/reply.js';
import type { ApiRequest } from '../http/request.js';
import type { SpecDocument } from '../openapi/document.js';
import type { Store } from '../store/types.js';

export interface MetaRoutesOptions {
  /** The bundled spec, read on the first request for it. */
  spec: () => SpecDocument;
  store: Store;
  /** The built docs site's folder (null: none), asked for on the first request for a page. */
  docsDir: () => string | null;
}

export interface MetaRoute {
  /** The path ("/docs/*" for a path and everything under it, whose rest is the `*` parameter). */
  path: string;
  answer: (request: ApiRequest) => Answer | Promise<Answer>;
}

/**
 * The meta route a GET or HEAD of `target` is for, with its parameters, or undefined (then the
 * engine answers: an operation, 405 or 404).
 */
export function findMetaRoute(
  routes: readonly MetaRoute[],
  target: Target,
): { route: MetaRoute; params: Record<string, string> } | undefined {
  const path = `/${target.segments.join('/')}`;
  for (const route of routes) {
    if (route.path === path) return { route, params: {} };
    if (route.path.endsWith('/*') && path.startsWith(route.path.slice(0, -1))) {
      return { route, params: { '*': path.slice(route.path.length - 1) } };
    }
  }
  return undefined;
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

export function metaRoutes({ spec, store, docsDir }: MetaRoutesOptions): MetaRoute[] {
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
  const notBuilt: Answer = { status: 503, contentType: 'text/plain; charset=utf-8', body: DOCS_NOT_BUILT };
  return [
    {
      // The root: a browser (asking for HTML) is sent to the docs; anything else gets where things are.
      path: '/',
      answer: (request) =>
        /\btext\/html\b/.test(request.headers.accept ?? '')
          ? { status: 302, headers: { location: '/docs/' }, body: '' }
          : { status: 200, json: { service: 'push-api reference server', docs: '/docs/', openapi: '/openapi.json', health: '/healthz' } },
    },
    {
      path: '/openapi.json',
      answer: () => ({ status: 200, contentType: 'application/json; charset=utf-8', body: spec().jsonText }),
    },
    {
      path: '/openapi.yaml',
      answer: () => ({ status: 200, contentType: 'application/yaml; charset=utf-8', body: spec().yamlText }),
    },
    {
      path: '/healthz',
      async answer(request) {
        const headers = { 'cache-control': 'no-store' };
        try {
          await store.ping();
          return { status: 200, headers, json: { status: 'ok' } };
        } catch (error) {
          request.log?.warn({ err: error }, 'health check: the store cannot serve');
          const reason = error instanceof StoreUnavailableError ? error.reason : 'the store does not answer';
          return { status: 503, headers, json: { status: 'unavailable', store: reason } };
        }
      },
    },
    { path: '/docs', answer: (request) => (builtSite() === null ? notBuilt : redirect(withSlash(request.url))) },
    {
      path: '/docs/*',
      answer(request) {
        const root = builtSite();
        return root === null ? notBuilt : docsPage(request, root);
      },
    },
  ];
}

const redirect = (location: string): Answer => ({ status: 301, headers: { location }, body: '' });

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
async function docsPage(request: ApiRequest, root: string): Promise<Answer> {
  const { default: send } = await import('@fastify/send');
  // send decodes the path it is given: the decoded page is encoded again.
  const result = await send(request.raw, encodeURI(`/${request.params['*'] ?? ''}`), { root, index: 'index.html' });
  switch (result.type) {
    case 'directory':
      return redirect(withSlash(request.url));
    case 'error': {
      if ((result.metadata.error as NodeJS.ErrnoException).code === 'ENOENT' || result.statusCode === 404) throw noSuchPath;
      // A request the file server refuses (a path outside the site, a range it cannot serve).
      if (result.statusCode >= 400 && result.statusCode < 500) throw malformed;
      throw result.metadata.error;
    }
    case 'file':
      return { status: result.statusCode, headers: result.headers, stream: result.stream };
  }
}
