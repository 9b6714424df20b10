export { createPushClient } from './client.js';
export type { PushClient, PushClientOptions, RetryOptions, CallOptions } from './client.js';
export { PushError, PushApiError, PushNetworkError, PushTimeoutError } from './errors.js';
export type {
  ErrorCode,
  Region,
  PushRequest,
  PushBody,
  PushOptions,
  PushResponse,
  WithdrawResponse,
  ErrorResponse,
  paths,
  components,
} from '@push-api/types';
export { ErrorCodes, REGIONS } from '@push-api/types';
