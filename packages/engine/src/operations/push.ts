// POST /v4/push (createPush) and POST /v4/push/validate (validatePush): the same checks
// (the spec's request schema, validated before the handler; an `override_msg_id` must name a
// message of the app) and the same answer shape; only createPush stores the message. A
// repeated `options.cid` of an AppKey answers the first push's result and stores nothing.
import type { PushRequest, PushResponse } from '@push-api/types';
import type { Call } from '../call.js';
import type { Clock } from '../clock.js';
import { catalogueError } from '../errors.js';
import type { MessageStore } from '../store/types.js';

export interface OperationOptions {
  store: MessageStore;
  clock: Clock;
}

/** validatePush answers this msg_id: it matches the MessageId pattern and no message has it. */
export const VALIDATE_MSG_ID = '0';

const OVERRIDE_NOT_EXIST = catalogueError('INVALID_PARAMETER', 'overrideMsgIdNotExist');

type PushOperation = (call: Call) => Promise<PushResponse>;

export function pushOperations({ store, clock }: OperationOptions): { createPush: PushOperation; validatePush: PushOperation } {
  /** The message an `override_msg_id` replaces must be one of this app's. */
  const checkOverride = async (appKey: string, push: PushRequest): Promise<void> => {
    const override = push.body.options?.override_msg_id;
    if (override !== undefined && (await store.findMessage(appKey, String(override))) === undefined) throw OVERRIDE_NOT_EXIST;
  };

  return {
    async createPush(call) {
      const push = call.body as PushRequest;
      await checkOverride(call.appKey, push);
      const { msgId, requestId } = await store.insertMessage({
        appKey: call.appKey,
        cid: push.body.options?.cid ?? null,
        requestId: push.request_id ?? '',
        payload: call.rawBody,
        sentAt: clock.now() + call.timeOffsetMs,
      });
      return { request_id: requestId, msg_id: msgId };
    },
    async validatePush(call) {
      const push = call.body as PushRequest;
      await checkOverride(call.appKey, push);
      return { request_id: push.request_id ?? '', msg_id: VALIDATE_MSG_ID };
    },
  };
}
