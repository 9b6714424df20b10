// `Prefer: time-offset=<seconds>`: the stateful mock (`pnpm mock --stateful`) judges such a
// request as if that many seconds had passed since now, so a UI can see a message expire
// without waiting a day. Everywhere else the preference is refused (400 / 21003), so that
// nobody believes a real server honours it. Routes judge a request at
// `clock.now() + request.timeOffsetMs`.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { apiError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Milliseconds added to the clock's time to judge this request (0 unless honoured). */
    timeOffsetMs: number;
  }
}

export interface TimeOffsetOptions {
  /** Honour the preference (the stateful mock) or refuse it (every other server). */
  honour: boolean;
}

/** The largest offset honoured: ten years, far past the one-day recall window. */
export const MAX_TIME_OFFSET_SECONDS = 10 * 366 * 86_400;
const PREFERENCE = /(?:^|[,;\s])time-offset\s*=\s*"?([^,;"\s]*)"?/i;

const notHonoured = apiError('INVALID_PARAMETER', 'Prefer: time-offset is honoured only by the stateful mock (pnpm mock --stateful)');
const badOffset = apiError('INVALID_PARAMETER', `Prefer: time-offset must be whole seconds from 0 to ${MAX_TIME_OFFSET_SECONDS}`);

/** The offset a Prefer header asks for, in seconds: undefined when it asks none, NaN when malformed. */
export function preferredTimeOffset(header: string | string[] | undefined): number | undefined {
  const prefer = Array.isArray(header) ? header.join(',') : header;
  if (prefer === undefined || !prefer.toLowerCase().includes('time-offset')) return undefined;
  const value = PREFERENCE.exec(prefer)?.[1] ?? '';
  return /^\d{1,10}$/.test(value) && Number(value) <= MAX_TIME_OFFSET_SECONDS ? Number(value) : Number.NaN;
}

export default fp<TimeOffsetOptions>(
  (api: FastifyInstance, { honour }, done) => {
    api.decorateRequest('timeOffsetMs', 0);
    api.addHook('onRequest', (request, _reply, next) => {
      const seconds = preferredTimeOffset(request.headers.prefer);
      if (seconds === undefined) {
        next();
      } else if (!honour) {
        next(notHonoured);
      } else if (Number.isNaN(seconds)) {
        next(badOffset);
      } else {
        request.timeOffsetMs = seconds * 1000;
        next();
      }
    });
    done();
  },
  { name: 'time-offset' },
);
