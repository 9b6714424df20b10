// 405 / 21001 with an `Allow` header for every method a path of the spec does not declare
// (the methods come from the spec's paths, not from a list kept here).
import type { FastifyInstance } from 'fastify';
import type { Contract } from '../contract/index.js';
import { apiError } from '../errors.js';

export function methodNotAllowed(app: FastifyInstance, contract: Contract): void {
  for (const [url, methods] of contract.spec.methodsByUrl) {
    const error = apiError('METHOD_NOT_ALLOWED', undefined, { allow: methods.join(', ') });
    const others = app.supportedMethods.filter((method) => !methods.includes(method));
    app.route({
      method: others,
      url,
      exposeHeadRoute: false,
      handler: () => {
        throw error;
      },
    });
  }
}
