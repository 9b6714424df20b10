// The metrics' own listener, off the API's port: GET /metrics on METRICS_HOST:METRICS_PORT
// (default host 127.0.0.1, so that only the machine's scraper reaches it). Nothing else is
// served there; no credentials are asked, so it must not face the Internet.
import { createServer, type Server } from 'node:http';

/** The Prometheus text format's content type (what prom-client writes). */
const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface MetricsListener {
  readonly url: string;
  close(): Promise<void>;
}

export async function listenForMetrics(
  { host, port }: { host: string; port: number },
  metricsText: () => Promise<string>,
  onError: (error: unknown) => void,
): Promise<MetricsListener> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(path === '/metrics' ? 405 : 404, { 'content-type': 'text/plain', ...(path === '/metrics' && { allow: 'GET, HEAD' }) });
      res.end(path === '/metrics' ? 'GET /metrics only\n' : 'not found: the metrics are at /metrics\n');
      return;
    }
    metricsText().then(
      (text) => {
        res.writeHead(200, { 'content-type': CONTENT_TYPE, 'content-length': Buffer.byteLength(text) });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (error: unknown) => {
        onError(error);
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('the metrics could not be gathered\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
