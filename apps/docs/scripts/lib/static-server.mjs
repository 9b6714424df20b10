// A small static file server for the built site: used by `pnpm docs` (serve.mjs) and by the
// tests, which also mount the site under a prefix (as the reference server does at /docs/).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.yaml': 'application/yaml; charset=utf-8',
  '.yml': 'application/yaml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * Resolves a URL path to a file under `root`, or null when it is outside the site (`..`,
 * encoded separators, NUL) or does not exist. Folders answer their `index.html`.
 * @returns {Promise<{ file: string, redirect?: undefined } | { redirect: string } | null>}
 */
export async function resolveFile(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/');
  if (segments.some((segment) => segment === '..')) return null;
  const base = resolve(root);
  const file = resolve(base, '.' + decoded);
  if (file !== base && !file.startsWith(base + sep)) return null;
  const info = await stat(file).catch(() => null);
  if (!info) return null;
  if (info.isDirectory()) {
    // Relative links in an index page only resolve when the folder URL ends with a slash.
    if (!urlPath.endsWith('/')) return { redirect: `${urlPath}/` };
    const index = join(file, 'index.html');
    return (await stat(index).catch(() => null))?.isFile() ? { file: index } : null;
  }
  return info.isFile() ? { file } : null;
}

/**
 * @param {{ root: string, prefix?: string }} options `prefix` mounts the site under a path,
 *   e.g. `/docs/` (what the reference server does); `/docs` then redirects to `/docs/`.
 */
export function createStaticServer({ root, prefix = '/' }) {
  if (!prefix.startsWith('/') || !prefix.endsWith('/')) throw new TypeError('prefix must start and end with "/"');
  return createServer(async (req, res) => {
    const send = (status, body, headers = {}) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === prefix.slice(0, -1) && prefix !== '/') return send(301, '', { Location: prefix + url.search });
    if (!url.pathname.startsWith(prefix)) return send(404, 'Not Found\n');
    const found = await resolveFile(root, url.pathname.slice(prefix.length - 1));
    if (!found) return send(404, 'Not Found\n');
    if (found.redirect) return send(301, '', { Location: prefix.slice(0, -1) + found.redirect + url.search });
    const info = await stat(found.file);
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(found.file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(found.file)
      .on('error', () => res.destroy())
      .pipe(res);
  });
}
