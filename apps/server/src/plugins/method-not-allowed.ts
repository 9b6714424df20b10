// 405 / 21001 with an `Allow` header for every method a path of the spec does not take
// (the methods come from the spec's paths, not from a list kept here).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { PATH_METHODS } from '@push-api/types';
import { apiError } from '../errors.js';
import { fastifyUrl } from '../openapi/routes.js';

export default fp(
  (app: FastifyInstance, _options, done) => {
    for (const [path, methods] of Object.entries(PATH_METHODS) as [string, readonly string[]][]) {
      const error = apiError('METHOD_NOT_ALLOWED', undefined, { headers: { allow: methods.join(', ') } });
      app.route({
        method: app.supportedMethods.filter((method) => !methods.includes(method)),
        url: fastifyUrl(path),
        exposeHeadRoute: false,
        handler: () => {
          throw error;
        },
      });
    }
    done();
  },
  { name: 'method-not-allowed', fastify: '5.x' },
);
