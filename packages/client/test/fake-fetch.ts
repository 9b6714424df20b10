// A scripted `fetch` for runtime tests: each call takes the next answer of the script.
export type Answer = Response | Error | ((request: Request) => Promise<Response> | Response);

export function scriptedFetch(answers: Answer[]) {
  const requests: Request[] = [];
  const bodies: unknown[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    requests.push(request);
    const text = await request.clone().text();
    bodies.push(text ? JSON.parse(text) : undefined);
    const next = answers.shift();
    if (next === undefined) throw new Error('scriptedFetch: no answer left');
    if (next instanceof Error) throw next;
    if (typeof next === 'function') return next(request);
    return next;
  };
  return { fetch, requests, bodies };
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

export const apiError = (status: number, code: number, message: string, headers: Record<string, string> = {}) =>
  json(status, { error: { code, message } }, headers);

/** A fetch that never answers until its request is aborted, then fails with the abort reason, as fetch does. */
export const hang = async (request: Request): Promise<Response> => {
  await new Promise((aborted) => {
    request.signal.addEventListener('abort', aborted, { once: true });
  });
  throw request.signal.reason;
};
