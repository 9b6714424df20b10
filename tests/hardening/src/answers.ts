// What every answer of the server must be, whatever was sent: never a 5xx; a status the spec
// declares for the operation of the path (404 for paths outside the spec); a body that is
// exactly the error envelope (or a 200 body of its operation, or nothing for a 204 preflight
// or a HEAD); nothing of the server's insides (stack frames, file paths).
import { ERROR_CODES, OPERATIONS, PATH_METHODS, type OperationId } from '@push-api/types';
import type { Exchange, RawResponse } from './raw-http.js';

/** Where a request goes: an operation, a meta route (/healthz, /openapi.json), no route, or a target whose routing is not pinned down. */
export type Route = OperationId | 'meta' | 'unknown' | 'any';

export const OPERATION_IDS = Object.keys(OPERATIONS) as OperationId[];

/** The statuses the spec declares for an operation (the keys of its responses). */
export function declaredStatuses(operationId: OperationId): number[] {
  return Object.keys(OPERATIONS[operationId].responses).map(Number);
}

/**
 * Statuses a server answers before it knows the path: a request its HTTP parser refuses (400),
 * one too slow to arrive (408), headers too large (431). The spec declares each for every operation.
 */
export const TRANSPORT_STATUSES = [400, 408, 431] as const;

const CODE_STATUS = new Map<number, number>(ERROR_CODES.map((entry) => [entry.code, entry.status]));

/** Statuses an answer on `route` may have. */
export function allowedStatuses(route: Route, method: string): Set<number> {
  const allowed = new Set<number>(TRANSPORT_STATUSES);
  // Any OPTIONS is a CORS preflight (CORS is on outside production).
  if (method === 'OPTIONS') allowed.add(204);
  if (route === 'unknown' || route === 'any') allowed.add(404);
  if (route === 'meta' || route === 'any') [200, 404].forEach((status) => allowed.add(status));
  const operations = route === 'any' ? OPERATION_IDS : route === 'meta' || route === 'unknown' ? [] : [route];
  for (const operationId of operations) declaredStatuses(operationId).forEach((status) => allowed.add(status));
  return allowed;
}

/** The methods the spec allows on the path of an operation. */
export function methodsOf(operationId: OperationId): readonly string[] {
  return (PATH_METHODS as Record<string, readonly string[]>)[OPERATIONS[operationId].path] ?? [];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameKeys(value: Record<string, unknown>, keys: string[]): boolean {
  const own = Object.keys(value).sort();
  return own.length === keys.length && own.every((key, i) => key === [...keys].sort()[i]);
}

/** `{"error":{"code":<int>,"message":"<string>"}}` and nothing else; the reason when not. */
export function envelopeProblem(value: unknown): string | undefined {
  if (!isPlainObject(value) || !sameKeys(value, ['error'])) return 'not exactly {"error":{…}}';
  const error = value.error;
  if (!isPlainObject(error) || !sameKeys(error, ['code', 'message'])) return 'error is not exactly {code, message}';
  if (typeof error.code !== 'number' || !Number.isInteger(error.code)) return 'error.code is not an integer';
  if (typeof error.message !== 'string' || error.message === '') return 'error.message is not a non-empty string';
  return undefined;
}

/** A 200 of push, validate or recall: exactly `{"request_id":"…","msg_id":"<digits>"}`. */
export function okBodyProblem(value: unknown): string | undefined {
  if (!isPlainObject(value) || !sameKeys(value, ['request_id', 'msg_id'])) return 'not exactly {request_id, msg_id}';
  if (typeof value.request_id !== 'string') return 'request_id is not a string';
  if (typeof value.msg_id !== 'string' || !/^[0-9]{1,20}$/.test(value.msg_id)) return 'msg_id is not a string of 1-20 digits';
  return undefined;
}

/** Traces of the server's insides, unless the request itself carried the text (an echo). */
const INTERNALS: { name: string; pattern: RegExp; literal?: string }[] = [
  { name: 'a stack frame', pattern: /\bat \S+ \(?(?:file:|node:|\/)|\n\s+at / },
  { name: 'a file path', pattern: /\/work\//, literal: '/work/' },
  { name: 'node_modules', pattern: /node_modules/, literal: 'node_modules' },
  { name: 'an error name', pattern: /\b[A-Z]?[a-zA-Z]*Error:/, literal: 'Error:' },
];

export function internalsIn(text: string, request: Buffer | string = ''): string[] {
  const sent = typeof request === 'string' ? request : request.toString('latin1');
  return INTERNALS.filter(({ pattern, literal }) => pattern.test(text) && !(literal !== undefined && sent.includes(literal))).map(
    ({ name }) => name,
  );
}

export function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body)) };
  } catch {
    return { ok: false };
  }
}

export interface AnswerContext {
  route: Route;
  method: string;
  /** The request as sent (to tell an echo from a leak). */
  request: Buffer;
}

/** What is wrong with the answer to a request (empty: nothing). */
export function answerProblems(exchange: Exchange, context: AnswerContext): string[] {
  if (exchange.kind !== 'answered') {
    return [
      `no answer (${exchange.kind}${exchange.kind === 'closed' && exchange.error ? `: ${exchange.error}` : ''}); received ${JSON.stringify(exchange.received.toString('latin1').slice(0, 200))}`,
    ];
  }
  return responseProblems(exchange.response, context);
}

export function responseProblems(response: RawResponse, { route, method, request }: AnswerContext): string[] {
  const problems: string[] = [];
  const { status, body, headers } = response;
  const text = body.toString('utf8');
  const where = `${status} ${JSON.stringify(text.slice(0, 300))}`;
  if (status >= 500) problems.push(`a server error: ${where}`);
  if (!allowedStatuses(route, method).has(status)) problems.push(`status ${status} is not declared for ${route} (${method}): ${where}`);
  for (const leak of internalsIn(text, request)) problems.push(`the body shows ${leak}: ${where}`);

  const bodiless = method === 'HEAD' || status === 204;
  if (bodiless) {
    if (body.length > 0) problems.push(`a ${method === 'HEAD' ? 'HEAD answer' : '204'} has a body: ${where}`);
    return problems;
  }
  const parsed = parseJson(body);
  if (!parsed.ok) {
    problems.push(`the body is not JSON: ${where}`);
    return problems;
  }
  if (!/^application\/json\b/i.test(headers['content-type'] ?? ''))
    problems.push(`Content-Type is ${headers['content-type'] ?? 'missing'}: ${where}`);
  if (status === 200) {
    // Meta routes answer their own documents; the operations their 200 body.
    if (route !== 'meta' && route !== 'any') {
      const problem = okBodyProblem(parsed.value);
      if (problem !== undefined) problems.push(`a 200 body is ${problem}: ${where}`);
    }
    return problems;
  }
  const problem = envelopeProblem(parsed.value);
  if (problem !== undefined) {
    problems.push(`the error body is ${problem}: ${where}`);
    return problems;
  }
  const { code, message } = (parsed.value as { error: { code: number; message: string } }).error;
  if (status === 404) {
    if (code !== 21003 || !message.endsWith('no such path')) problems.push(`a 404 is not 21003 "…no such path": ${where}`);
  } else if (CODE_STATUS.get(code) !== status) {
    problems.push(`code ${code} does not go with status ${status} in the catalogue: ${where}`);
  }
  if (status === 405 && headers.allow === undefined) problems.push(`a 405 without Allow: ${where}`);
  if (status === 401 && headers['www-authenticate'] === undefined) problems.push(`a 401 without WWW-Authenticate: ${where}`);
  if (status === 429 && headers['retry-after'] === undefined) problems.push(`a 429 without Retry-After: ${where}`);
  return problems;
}
