// POST /v4/push (createPush) and POST /v4/push/validate (validatePush): the same checks,
// all from the spec; only createPush stores the message. `options.cid` is the idempotency
// key: a repeated cid of an AppKey answers the first push's result and stores nothing.
import type { FastifyInstance, FastifyRequest } from 'fastify';
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

type Answer = { requestId: string; msgId: string };

export function pushRoutes(api: FastifyInstance, { contract, store, clock }: PushRoutesOptions): void {
  /** Both operations check the body the same way (schema, then payload size) and answer one shape. */
  const route = (
    operationId: 'createPush' | 'validatePush',
    answer: (push: PushRequest, request: FastifyRequest) => Answer | Promise<Answer>,
  ) => {
    const operation = contract.operation(operationId);
    const check = contract.requestBodyChecker<PushRequest>(operationId);
    api.route({
      method: operation.method,
      url: operation.url,
      handler: async (request, reply) => {
        const push = check(request.body);
        contract.checkPushPayloadSize(push);
        const { requestId, msgId } = await answer(push, request);
        reply.header('content-type', JSON_UTF8);
        return pushResponseBody(requestId, msgId);
      },
    });
  };

  route('createPush', (push, request) =>
    store.insertMessage({
      appKey: request.appKey,
      cid: push.body.options?.cid ?? null,
      requestId: push.request_id ?? '',
      payload: request.rawBody,
      sentAt: clock.now(),
    }),
  );

  route('validatePush', (push) => ({ requestId: push.request_id ?? '', msgId: VALIDATE_MSG_ID }));
}
