// What answers when no route matches: on a path of the spec, 405 / 21001 with `Allow` (the
// methods come from the spec's paths), whatever the method (PROPFIND and QUERY included);
// on any other path, 404 with the envelope. Repeated slashes count as one, as in routing.
// It answers before any body is read: a 405 does not depend on the body.
import { PATH_METHODS } from '@push-api/types';
import { apiError, type ApiError } from '../errors.js';

interface KnownPath {
  pattern: RegExp;
  methodNotAllowed: ApiError;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** "/v4/push/withdraw/{msg_id}" → /^\/v4\/push\/withdraw\/[^/]*$/ */
function patternOf(path: string): RegExp {
  return new RegExp(
    `^${path
      .split(/\{[^}]+\}/)
      .map(escape)
      .join('[^/]*')}$`,
  );
}

/** The answer to a URL no route takes: 405 on a path of the spec, else 404. */
export function notFoundAnswers(): (url: string) => ApiError {
  const known: KnownPath[] = Object.entries(PATH_METHODS as Record<string, readonly string[]>).map(([path, methods]) => ({
    pattern: patternOf(path),
    methodNotAllowed: apiError('METHOD_NOT_ALLOWED', undefined, { headers: { allow: methods.join(', ') } }),
  }));
  const noSuchPath = apiError('INVALID_PARAMETER', 'no such path', { status: 404 });
  return (url) => {
    const path = (url.split('?', 1)[0] ?? '').replace(/\/{2,}/g, '/');
    return known.find((entry) => entry.pattern.test(path))?.methodNotAllowed ?? noSuchPath;
  };
}
