// @push-api/engine: the behaviour of the Push API over a Store and a Clock, for any runtime.
// `createEngine({ store })` answers requests (engine.ts); `createMemoryStore()` keeps what they
// store; the rest is what adapters and other stores build on (the reference server's among them).
export { createEngine, type Engine, type EngineOptions } from './engine.js';
export type { Call } from './call.js';
export type { Answer, AnswerHeaders, EngineLogger, EngineRequest } from './http.js';
export { JSON_TYPE } from './http.js';
export { errorAnswer, toApiError } from './answers.js';
export {
  ApiError,
  apiError,
  catalogueError,
  catalogueMessage,
  bodyErrors,
  malformed,
  malformedUrl,
  noSuchPath,
  type BodyErrors,
  type ErrorEnvelope,
} from './errors.js';
export { operationOf, parseTarget, type Target } from './router.js';
export { requestIdGenerator } from './request-id.js';
export { systemClock, type Clock } from './clock.js';
export { LocalRateLimiter, WINDOW_MS, type RateLimiter } from './rate-limit/limiter.js';
export { MAX_TIME_OFFSET_SECONDS, preferredTimeOffset } from './steps/time-offset.js';
export { VALIDATE_MSG_ID } from './operations/push.js';
export {
  basicAuthorization,
  equalInConstantTime,
  generateAppKey,
  generateMasterSecret,
  hashSecret,
  hashSecretWithSalt,
  parseBasicAuthorization,
  secretMatches,
  type Credentials,
  type SecretHash,
} from './auth/credentials.js';
export { RECHECK_MS } from './auth/app-directory.js';
export { createMemoryStore, MemoryStore } from './store/memory.js';
export { MAX_MSG_ID, checkFirstMessageId, messageIdOf } from './store/ids.js';
export {
  StoreUnavailableError,
  type StoreFault,
  type AppKind,
  type AppStore,
  type MessageStore,
  type NewMessage,
  type PushResult,
  type Store,
  type StoreOptions,
  type StoredApp,
  type StoredMessage,
  type WithdrawOutcome,
  type WithdrawRequest,
} from './store/types.js';
export { scanJson, type JsonScanProblem } from './json/scan.js';
export { ERROR_CODES, ErrorCodes, LIMITS, OPERATIONS, type ErrorCode, type OperationId, type PushRequest } from '@push-api/types';
