// Which route a request is for: find-my-way (Fastify's router, used on its own), with the
// server's rules: repeated slashes count as one (clients joining a base URL that ends in "/"
// send "//v4/push"); a path parameter may be long (2 048 characters: a long junk id reaches
// its route and is refused there as not numeric, not as an unknown path); a GET route also
// answers HEAD; a URL that cannot be decoded is told apart from an unknown path.
import FindMyWay, { type HTTPMethod } from 'find-my-way';

export type RouteMatch<T> = { route: T; params: Record<string, string | undefined> } | 'bad-url' | null;

/** "/v4/push/withdraw/{msg_id}" → "/v4/push/withdraw/:msg_id". */
export const routerPath = (path: string): string => path.replace(/\{([^}]+)\}/g, ':$1');

export class Router<T> {
  // Each route is the router's `store`; a URL that cannot be decoded finds the bad-URL
  // handler, whose store is null.
  readonly #router = FindMyWay({ ignoreDuplicateSlashes: true, maxParamLength: 2048, onBadUrl: () => undefined });

  /** `path` in the spec's syntax ("/docs/*" for a path and everything under it). */
  add(method: string, path: string, route: T): void {
    this.#router.on(method as HTTPMethod, routerPath(path), () => undefined, route as object);
    if (method === 'GET') this.#router.on('HEAD', routerPath(path), () => undefined, route as object);
  }

  find(method: string, url: string): RouteMatch<T> {
    const found = this.#router.find(method as HTTPMethod, url);
    if (found === null) {
      // A method without routes is not looked at further, its URL not decoded: whether the URL
      // decodes does not depend on the method, and GET has routes.
      return method !== 'GET' && this.#router.find('GET', url)?.store === null ? 'bad-url' : null;
    }
    if (found.store === null) return 'bad-url';
    return { route: found.store as T, params: found.params };
  }
}
