// A scripted `fetch` for runtime tests: each call takes the next answer of the script.
export type Answer = Response | Error | ((request: Request, init?: { signal?: AbortSignal }) => Promise<Response> | Response);

export function scriptedFetch(answers: Answer[]) {
  const requests: Request[] = [];
  const bodies: unknown[] = [];
  /** The signal each request was sent with (`init.signal`: what aborts it). */
  const signals: (AbortSignal | undefined)[] = [];
  const fetch = async (request: Request, init?: { signal?: AbortSignal }): Promise<Response> => {
    requests.push(request);
    signals.push(init?.signal);
    const text = await request.clone().text();
    bodies.push(text ? JSON.parse(text) : undefined);
    const next = answers.shift();
    if (next === undefined) throw new Error('scriptedFetch: no answer left');
    if (next instanceof Error) throw next;
    if (typeof next === 'function') return next(request, init);
    return next;
  };
  return { fetch, requests, bodies, signals };
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

export const apiError = (status: number, code: number, message: string, headers: Record<string, string> = {}) =>
  json(status, { error: { code, message } }, headers);

/** A fetch that never answers until its signal aborts, then fails with the abort reason, as fetch does. */
export const hang = async (_request: Request, init?: { signal?: AbortSignal }): Promise<Response> => {
  const signal = init?.signal;
  if (!signal) return new Promise<never>(() => undefined);
  await new Promise((aborted) => {
    signal.addEventListener('abort', aborted, { once: true });
  });
  throw signal.reason;
};
