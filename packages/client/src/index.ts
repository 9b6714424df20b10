export { createPushClient } from './client.js';
export type {
  PushClient,
  PushClientOptions,
  RetryOptions,
  CallOptions,
  WithdrawOptions,
  Result,
  WithdrawResult,
  AttemptFailure,
} from './client.js';
export type { WithdrawManyOptions, WithdrawManyResult, WithdrawOutcome, WithdrawSummary } from './bulk.js';
export type { Logger, LogLevel } from './log.js';
export { PushError, PushApiError, PushNetworkError, PushTimeoutError, isPushApiError, type PushErrorReason } from './errors.js';
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
