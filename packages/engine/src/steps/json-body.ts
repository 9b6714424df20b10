// JSON request bodies, and nothing else (any other content type answers 400 / 21003). A body
// must be UTF-8 (a `charset` other than UTF-8 is refused), nested at most LIMITS.maxJsonDepth
// deep, and free of duplicate keys and of `__proto__`; each refusal says what is wrong. An
// empty body is "no body" (the official SDKs send `Content-Type: application/json;
// charset=utf-8` on the body-less recall DELETE). The text as received is kept on the call,
// to be stored without re-serialising it.
import { LIMITS } from '@push-api/types';
import type { Step } from '../call.js';
import { apiError, type ApiError } from '../errors.js';
import { scanJson, type JsonScanProblem } from '../json/scan.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const invalid = (detail: string) => apiError('INVALID_PARAMETER', detail);
const notUtf8 = invalid('request body is not valid UTF-8');
const wrongCharset = invalid('Content-Type charset must be utf-8');
const notJson = invalid('request body is not valid JSON');
const notJsonType = invalid('Content-Type must be application/json');

/** Where in the body: "body.notification", shortened after 8 levels. */
function where(path: string): string {
  if (path === '') return 'the request body';
  const segments = path.split('.');
  return segments.length > 8 ? `${segments.slice(0, 8).join('.')}.…` : path;
}

function scanError(problem: JsonScanProblem): ApiError {
  switch (problem.kind) {
    case 'too-deep':
      return invalid(`request body nests deeper than ${LIMITS.maxJsonDepth} levels (at ${where(problem.path)})`);
    case 'duplicate-key':
      return invalid(`request body has the key ${JSON.stringify(problem.key)} twice in ${where(problem.path)}`);
    case 'proto-key':
      return invalid(`request body may not use the key "__proto__" (in ${where(problem.path)})`);
  }
}

/** The charset parameter of a Content-Type, lower case, or undefined. */
function charsetOf(contentType: string | undefined): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
}

/** "application/json" whatever its case and parameters (the media type only). */
function isJsonType(contentType: string): boolean {
  const end = contentType.indexOf(';');
  return (end < 0 ? contentType : contentType.slice(0, end)).trim().toLowerCase() === 'application/json';
}

/** The body as JSON: its value, or throws the answer. */
function parse(contentType: string, body: Uint8Array): { value: unknown; text: string } | undefined {
  const charset = charsetOf(contentType);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') throw wrongCharset;
  if (body.length === 0) return undefined;
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw notUtf8;
  }
  const problem = scanJson(text, LIMITS.maxJsonDepth);
  if (problem) throw scanError(problem);
  try {
    return { value: JSON.parse(text) as unknown, text };
  } catch {
    throw notJson;
  }
}

/**
 * The body step: reads and parses an operation's body, at most `limitBytes`, into the call's
 * `body` and `rawBody`, or throws the answer. A request without a body and without a
 * Content-Type has none; any Content-Type but JSON is refused, with or without a body.
 */
export function jsonBody(limitBytes: number): Step {
  return (call) => {
    const { request } = call;
    const contentType = request.header('content-type');
    if (contentType === undefined && !request.hasBody) return;
    if (contentType === undefined || !isJsonType(contentType)) throw notJsonType;
    return request.readBody(limitBytes).then((body) => {
      const parsed = parse(contentType, body);
      if (parsed === undefined) return;
      call.body = parsed.value;
      call.rawBody = parsed.text;
    });
  };
}
