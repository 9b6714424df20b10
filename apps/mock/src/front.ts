// The stateless mock (`pnpm mock`): Prism behind a front that is the reference server's own
// request pipeline. The front checks every request exactly as the server does — credentials'
// form, Content-Type, JSON syntax, size and depth limits, the spec's schemas — and answers a
// bad one at once in the API's envelope, naming what is wrong; a good one goes on to Prism,
// which answers from the spec's examples (`Prefer: code=…, example=…` picks one).
// Without the front, Prism never answers malformed JSON (stoplightio/prism#2664), names the
// wrong field when a body breaks the spec, and answers a `Prefer` asking for an example or a
// status the operation does not have with a 500 of its own: the front answers 400 naming
// what there is.
import {
  OPERATIONS,
  apiError,
  errorAnswer,
  createMemoryStore,
  type Answer,
  type ApiError,
  type Call,
  type OperationId,
} from '@push-api/engine';
import { buildApp, loadConfig } from '@push-api/server';
import { freePort } from './ports.js';
import { startPrism, urlOf, type Running } from './prism.js';

/** Headers a client sends that Prism reads: the rest stay with the front. */
const FORWARDED_REQUEST_HEADERS = ['authorization', 'prefer', 'accept', 'x-request-id'];
/** Headers of Prism's answer the front sets itself (or that describe Prism's connection); CORS is the front's too. */
const OWN_RESPONSE_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date', 'x-request-id']);
/** Time Prism has to answer a request before the front gives up (500). */
const PRISM_TIMEOUT_MS = 10_000;

/** What `Prefer: code=…, example=…` asks of an operation that it cannot give, or undefined. */
export function unknownPreference(operationId: OperationId, prefer: string | undefined): ApiError | undefined {
  if (prefer === undefined) return undefined;
  const wanted = (name: string) => new RegExp(`(?:^|[,;\\s])${name}\\s*=\\s*"?([^,;"\\s]*)"?`, 'i').exec(prefer)?.[1];
  const code = wanted('code');
  const example = wanted('example');
  const { method, path, responses } = OPERATIONS[operationId];
  const declared = responses as Readonly<Record<string, { examples: Readonly<Record<string, unknown>> }>>;
  if (code !== undefined && declared[code] === undefined) {
    return apiError(
      'INVALID_PARAMETER',
      `Prefer: code=${code} is not a status of ${method} ${path}; it declares ${Object.keys(declared).join(', ')}`,
    );
  }
  if (example === undefined) return undefined;
  const statuses = code === undefined ? Object.keys(declared) : [code];
  const names = statuses.flatMap((status) => Object.keys(declared[status]?.examples ?? {}));
  if (names.includes(example)) return undefined;
  return apiError(
    'INVALID_PARAMETER',
    `Prefer: example=${example} is not an example of ${method} ${path}${code === undefined ? '' : ` ${code}`}; there are ${names.join(', ')}`,
  );
}

/** Passes a checked request on to Prism and its answer back, Prism's `sl-violations` included. */
export function forwardTo(prismUrl: string) {
  return async (call: Call): Promise<Answer> => {
    const { request } = call;
    const refused = unknownPreference(call.operationId, request.header('prefer'));
    if (refused !== undefined) return errorAnswer(refused);
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = request.header(name);
      if (value !== undefined) headers[name] = value;
    }
    const hasBody = call.rawBody !== '';
    if (hasBody) headers['content-type'] = 'application/json';
    const answer = await fetch(`${prismUrl}${request.url}`, {
      method: request.method,
      headers,
      ...(hasBody ? { body: call.rawBody } : {}),
      signal: AbortSignal.timeout(PRISM_TIMEOUT_MS),
    });
    const answered: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (!OWN_RESPONSE_HEADERS.has(name) && !name.startsWith('access-control-')) answered[name] = value;
    });
    return { status: answer.status, headers: answered, body: new Uint8Array(await answer.arrayBuffer()) };
  };
}

export interface MockOptions {
  host?: string;
  port: number;
  /** Prism's own output: shown (`inherit`, what `pnpm mock` does) or kept for output() (`pipe`). */
  stdio?: 'inherit' | 'pipe';
}

/** Starts Prism on a free port of 127.0.0.1 and the front on host:port. */
export async function startPrismMock({ host = '127.0.0.1', port, stdio = 'pipe' }: MockOptions): Promise<Running> {
  const prism = await startPrism({ port: await freePort(), errors: true, stdio });
  // The front stores nothing: the store only answers its /healthz.
  const store = createMemoryStore();
  // Not rate limited, no failed-authentication limit: a frontend under development retries a lot.
  const config = loadConfig({ AUTH_FAILURES_PER_MINUTE: '0', RATE_LIMIT_PER_SECOND: '0' });
  const app = await buildApp({ store, config, docsDir: null, forward: forwardTo(prism.url) });
  try {
    await app.listen({ host, port });
  } catch (error) {
    await Promise.all([app.close(), store.close(), prism.close()]);
    throw error;
  }
  return {
    url: urlOf(host, port),
    pid: process.pid,
    output: () => prism.output(),
    async close() {
      await app.close();
      await Promise.all([store.close(), prism.close()]);
    },
  };
}
