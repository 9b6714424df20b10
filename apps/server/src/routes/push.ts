// POST /v4/push (createPush) and POST /v4/push/validate (validatePush): the same checks,
// all from the spec; only createPush stores the message. `options.cid` is the idempotency
// key: a repeated cid of an AppKey answers the first push's result and stores nothing.
import type { FastifyInstance } from 'fastify';
import type { PushRequest } from '@push-api/types';
import type { Clock } from '../clock.js';
import type { Contract } from '../contract/index.js';
import type { MessageStore } from '../store/types.js';
import { JSON_UTF8 } from '../plugins/errors.js';

export interface PushRoutesOptions {
  contract: Contract;
  store: MessageStore;
  clock: Clock;
}

/** validatePush answers this msg_id: it matches the MessageId pattern and no message has it. */
export const VALIDATE_MSG_ID = '0';

/** `{"request_id","msg_id"}`, serialised directly (msg_id is digits only). */
export function pushResponseBody(requestId: string, msgId: string): string {
  return `{"request_id":${JSON.stringify(requestId)},"msg_id":"${msgId}"}`;
}

export function pushRoutes(api: FastifyInstance, { contract, store, clock }: PushRoutesOptions): void {
  const createPush = contract.operation('createPush');
  const checkCreate = contract.requestBodyChecker<PushRequest>('createPush');
  api.route({
    method: createPush.method,
    url: createPush.url,
    handler: async (request, reply) => {
      const push = checkCreate(request.body);
      contract.checkPushPayloadSize(push);
      const result = await store.insertMessage({
        appKey: request.appKey,
        cid: push.body.options?.cid ?? null,
        requestId: push.request_id ?? '',
        payload: request.rawBody,
        sentAt: clock.now(),
      });
      reply.header('content-type', JSON_UTF8);
      return pushResponseBody(result.requestId, result.msgId);
    },
  });

  const validatePush = contract.operation('validatePush');
  const checkValidate = contract.requestBodyChecker<PushRequest>('validatePush');
  api.route({
    method: validatePush.method,
    url: validatePush.url,
    handler: async (request, reply) => {
      const push = checkValidate(request.body);
      contract.checkPushPayloadSize(push);
      reply.header('content-type', JSON_UTF8);
      return pushResponseBody(push.request_id ?? '', VALIDATE_MSG_ID);
    },
  });
}
