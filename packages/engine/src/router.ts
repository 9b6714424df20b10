// Which operation of the spec a request is for, from its method and its target, with the
// rules every adapter shares: the target's path is what comes before `?` or `#`; repeated
// slashes count as one (clients joining a base URL that ends in "/" send "//v4/push"); each
// segment is percent-decoded, and a path that does not decode is told apart (400, "malformed
// URL") from one that matches nothing; a path parameter may be empty or long (a junk msg_id
// reaches its operation and is refused there as not numeric). No route: 405 on a path of the
// spec (with `Allow`, whatever the method), else 404 — both before any body is read.
import { OPERATIONS, PATH_METHODS, type OperationId } from '@push-api/types';
import { apiError, noSuchPath, type ApiError } from './errors.js';

/** A request target, parsed: its path's segments, percent-decoded (no leading empty one). */
export interface Target {
  readonly segments: readonly string[];
}

/** The path of a request target (absolute-form `http://host/path` included), or null when it has none. */
function pathOf(url: string): string | null {
  let path = url;
  if (url.charCodeAt(0) !== 47) {
    const scheme = /^https?:\/\/[^/?#]*/i.exec(url);
    if (scheme === null) return null;
    path = url.slice(scheme[0].length);
    if (path.charCodeAt(0) !== 47) path = `/${path}`;
  }
  const query = path.indexOf('?');
  const fragment = path.indexOf('#');
  const end = query < 0 ? fragment : fragment < 0 ? query : Math.min(query, fragment);
  return end < 0 ? path : path.slice(0, end);
}

/** The target's path segments, decoded; 'bad-url' when its percent-encoding does not decode. */
export function parseTarget(url: string): Target | 'bad-url' {
  let path = pathOf(url);
  if (path === null) return 'bad-url';
  if (path.includes('//')) path = path.replace(/\/{2,}/g, '/');
  const segments = path.slice(1).split('/');
  if (!path.includes('%')) return { segments };
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    if (!segment.includes('%')) continue;
    try {
      segments[i] = decodeURIComponent(segment);
    } catch {
      return 'bad-url';
    }
  }
  return { segments };
}

/** A path template of the spec ("/v4/push/withdraw/{msg_id}"), as segments: literals, or parameter names. */
interface Template {
  readonly parts: readonly ({ literal: string } | { param: string })[];
}

function templateOf(path: string): Template {
  return {
    parts: path
      .slice(1)
      .split('/')
      .map((part) => {
        const param = /^\{([^}]+)\}$/.exec(part)?.[1];
        return param === undefined ? { literal: part } : { param };
      }),
  };
}

/** The parameters of `target` when it is a path of `template`, else null. */
function matchTemplate(template: Template, target: Target): Record<string, string> | null {
  const { parts } = template;
  const { segments } = target;
  if (parts.length !== segments.length) return null;
  let params: Record<string, string> | null = null;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as { literal: string } | { param: string };
    const segment = segments[i] as string;
    if ('literal' in part) {
      if (part.literal !== segment) return null;
    } else {
      (params ??= {})[part.param] = segment;
    }
  }
  return params ?? {};
}

export type RouteMatch<T> = { route: T; params: Record<string, string> } | ApiError;

/** Routes the operations of the spec to what the engine made of each (`route`). */
export class OperationRouter<T> {
  readonly #byMethod = new Map<string, { template: Template; route: T }[]>();
  readonly #paths: { template: Template; methodNotAllowed: ApiError }[];

  constructor(routeOf: (operationId: OperationId) => T) {
    for (const operationId of Object.keys(OPERATIONS) as OperationId[]) {
      const { method, path } = OPERATIONS[operationId];
      const routes = this.#byMethod.get(method) ?? [];
      routes.push({ template: templateOf(path), route: routeOf(operationId) });
      this.#byMethod.set(method, routes);
    }
    this.#paths = Object.entries(PATH_METHODS as Record<string, readonly string[]>).map(([path, methods]) => ({
      template: templateOf(path),
      methodNotAllowed: apiError('METHOD_NOT_ALLOWED', undefined, { headers: { allow: methods.join(', ') } }),
    }));
  }

  /** The operation for `method` and `target`, or what a request for no operation answers (405, 404). */
  find(method: string, target: Target): RouteMatch<T> {
    const routes = this.#byMethod.get(method);
    if (routes !== undefined) {
      for (const { template, route } of routes) {
        const params = matchTemplate(template, target);
        if (params !== null) return { route, params };
      }
    }
    return this.notFound(target);
  }

  /** What a target no operation takes answers: 405 on a path of the spec, else 404. */
  notFound(target: Target): ApiError {
    return this.#paths.find(({ template }) => matchTemplate(template, target) !== null)?.methodNotAllowed ?? noSuchPath;
  }
}

const operations = new OperationRouter<OperationId>((operationId) => operationId);

/** The operation of the spec that `method` and `target` ask for, or undefined (a 404 or 405). */
export function operationOf(method: string, target: Target): OperationId | undefined {
  const match = operations.find(method, target);
  return 'route' in match ? match.route : undefined;
}
