// The log of what the API answered, newest first. Every answer the client receives reaches
// logAnswer through its onResponse hook, whatever the call then makes of it: the HTTP status,
// the call, the error's code and message when it is one, and the body exactly as received
// (msg_ids are shown as the strings they are, never re-serialised numbers). A call that got no
// answer at all (server down, CORS refused, timeout) is logged by logNoAnswer.
import { element, required, timeOf } from './dom.js';

const log = required('log', HTMLOListElement);

export function logAnswer(response: Response, request: Request, durationMs: number): void {
  const call = `${request.method} ${new URL(request.url).pathname}`;
  // The entry takes its place now, in the order the answers came; its body is added once read.
  const entry = element('li', { 'data-status': String(response.status), 'data-call': call, 'aria-busy': 'true' });
  const outcome = response.ok ? 'ok' : 'failed';
  entry.append(
    timeOf(new Date()),
    element('span', { class: `status ${outcome}` }, String(response.status)),
    element('code', { class: 'call' }, call),
    element('span', { class: 'duration' }, `${Math.round(durationMs)} ms`),
  );
  log.prepend(entry);
  response
    .clone()
    .text()
    .then(
      (body) => {
        const error = errorEnvelope(body);
        if (error) entry.append(element('p', { class: 'error' }, `code ${error.code}: ${error.message}`));
        entry.append(element('pre', { class: 'body' }, body || '(empty body)'));
      },
      (reason: unknown) => entry.append(element('p', { class: 'error' }, `the body could not be read: ${String(reason)}`)),
    )
    .finally(() => {
      entry.removeAttribute('aria-busy');
    });
}

export function logNoAnswer(call: string, error: unknown): void {
  const entry = element('li', { 'data-status': 'none', 'data-call': call });
  entry.append(
    timeOf(new Date()),
    element('span', { class: 'status failed' }, 'no answer'),
    element('code', { class: 'call' }, call),
    element('p', { class: 'error' }, error instanceof Error ? `${error.name}: ${error.message}` : String(error)),
  );
  log.prepend(entry);
}

/** The API's error envelope, `{"error":{"code":…,"message":…}}`, if the body is one. */
function errorEnvelope(body: string): { code: number; message: string } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || !('error' in parsed)) return undefined;
  const { error } = parsed;
  if (typeof error !== 'object' || error === null || !('code' in error) || !('message' in error)) return undefined;
  const { code, message } = error;
  return typeof code === 'number' && typeof message === 'string' ? { code, message } : undefined;
}
