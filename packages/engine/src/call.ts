// What the engine knows of a request while it answers it: the request as the adapter gave it,
// and what the steps find out on the way (the route's parameters, the AppKey, the body, a
// time offset). Each step reads and fills it; the operation reads it.
import type { OperationId } from '@push-api/types';
import type { EngineRequest } from './http.js';

export interface Call {
  readonly request: EngineRequest;
  /** The operation of the spec the request is for. */
  readonly operationId: OperationId;
  /** The route's path parameters, decoded. */
  params: Record<string, string>;
  /** The authenticated AppKey ('' before authentication). */
  appKey: string;
  /** The parsed JSON body (undefined: none). */
  body: unknown;
  /** The JSON body as received ('' when there was none): stored as it came. */
  rawBody: string;
  /** Milliseconds added to the clock's time to judge this request (0 unless honoured). */
  timeOffsetMs: number;
}

/** A step of an operation: done, or throws the answer; a promise only when it must wait. */
export type Step = (call: Call) => void | Promise<void>;
