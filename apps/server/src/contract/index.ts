// The contract: the bundled spec and everything the server derives from it (operations,
// validators, limits, header values). Loaded and compiled once per process.
import { LIMITS, type PushRequest } from '@push-api/types';
import { apiError, type ApiError } from '../errors.js';
import { readSpec, type LoadedSpec, type Operation } from './spec.js';
import { compileValidators } from './validators.js';
import { validationError } from './validation-errors.js';

export type { LoadedSpec, Operation } from './spec.js';

export interface Contract {
  readonly spec: LoadedSpec;
  /** The spec's operation of this id; throws at start-up if the spec lost it. */
  operation(operationId: string): Operation;
  /** Validates a request body of the operation: returns it typed, or throws the spec's ApiError. */
  requestBodyChecker<T>(operationId: string): (body: unknown) => T;
  /** Validates a path parameter against the operation's parameter schema. */
  pathParameterChecker(operationId: string, name: string): (value: unknown) => boolean;
  /** The `x-max-payload-bytes` rule of PushBody: notification + message, serialised. */
  checkPushPayloadSize(push: PushRequest): void;
  /** `WWW-Authenticate` value of the spec's 401 answers, e.g. `Basic realm="push-api"`. */
  readonly wwwAuthenticate: string;
}

const missingBody = (): ApiError => apiError('MISSING_PARAMETER', 'request body');

export function createContract(spec: LoadedSpec = readSpec()): Contract {
  const validators = compileValidators(spec);
  const maxPayloadBytes = LIMITS.maxPayloadBytes;
  const tooLarge = `notification and message exceed ${maxPayloadBytes} bytes`;
  const wwwAuthenticate = (
    spec.document.components.headers?.['WWW-Authenticate'] as { schema?: { example?: unknown } } | undefined
  )?.schema?.example;
  if (typeof wwwAuthenticate !== 'string') throw new Error('the spec has no WWW-Authenticate header example');

  const operation = (operationId: string): Operation => {
    const op = spec.operations.get(operationId);
    if (!op) throw new Error(`the spec has no operation ${operationId}`);
    return op;
  };

  return {
    spec,
    operation,
    wwwAuthenticate,
    requestBodyChecker<T>(operationId: string) {
      const validate = validators.requestBody(operationId);
      return (body: unknown): T => {
        if (body === undefined) throw missingBody();
        if (!validate(body)) throw validationError(validate.errors);
        return body as T;
      };
    },
    pathParameterChecker(operationId, name) {
      const validate = validators.pathParameter(operationId, name);
      return (value: unknown) => validate(value) as boolean;
    },
    checkPushPayloadSize(push) {
      const { notification, message } = push.body;
      let bytes = 0;
      if (notification !== undefined) bytes += Buffer.byteLength(JSON.stringify(notification), 'utf8');
      if (message !== undefined) bytes += Buffer.byteLength(JSON.stringify(message), 'utf8');
      if (bytes > maxPayloadBytes) throw apiError('BODY_TOO_LARGE', tooLarge);
    },
  };
}

let shared: Contract | undefined;

/** The process-wide contract: the spec is read and the validators compiled on first use only. */
export function loadContract(): Contract {
  return (shared ??= createContract());
}
