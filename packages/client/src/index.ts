export { createPushClient } from './client.js';
export type { PushClient, PushClientOptions, RetryOptions, CallOptions } from './client.js';
export { PushError, PushApiError, PushNetworkError, PushTimeoutError, type PushErrorReason } from './errors.js';
export { CLIENT_VERSION } from './version.js';
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
export { ErrorCodes, RECALL_ERROR_MESSAGES, REGIONS } from '@push-api/types';
