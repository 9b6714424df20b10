// Public surface of @push-api/types: the generated OpenAPI types, catalogue and operations
// map, plus named aliases of the schemas people use.
import type { components, paths, operations } from './generated/openapi.js';

export type { components, paths, operations };
export * from './generated/catalog.js';
export * from './generated/operations.js';

type Schemas = components['schemas'];
export type PushRequest = Schemas['PushRequest'];
export type PushBody = Schemas['PushBody'];
export type PushOptions = Schemas['PushOptions'];
export type Audience = Schemas['Audience'];
export type Notification = Schemas['Notification'];
export type CustomMessage = Schemas['CustomMessage'];
export type PushResponse = Schemas['PushResponse'];
export type WithdrawResponse = Schemas['WithdrawResponse'];
export type ErrorResponse = Schemas['ErrorResponse'];
export type MessageId = Schemas['MessageId'];
