// POST /v4/push (createPush) and POST /v4/push/validate (validatePush): the same checks
// (the spec's request schema, validated by Fastify; an `override_msg_id` must name a message
// of the app) and the same answer shape; only createPush stores the message. A repeated
// `options.cid` of an AppKey answers the first push's result and stores nothing.
import type { FastifyPluginCallback } from 'fastify';
import type { PushRequest, PushResponse } from '@push-api/types';
import type { Clock } from '../clock.js';
import { catalogueError } from '../errors.js';
import { operationRoute } from '../openapi/routes.js';
import type { SpecValidator } from '../openapi/validator.js';
import type { Store } from '../store/types.js';

export interface PushRoutesOptions {
  store: Store;
  clock: Clock;
  validator: SpecValidator;
}

/** validatePush answers this msg_id: it matches the MessageId pattern and no message has it. */
export const VALIDATE_MSG_ID = '0';

const OVERRIDE_NOT_EXIST = catalogueError('INVALID_PARAMETER', 'overrideMsgIdNotExist');

export const pushRoutes: FastifyPluginCallback<PushRoutesOptions> = (api, { store, clock, validator }, done) => {
  /** The message an `override_msg_id` replaces must be one of this app's. */
  const checkOverride = async (appKey: string, push: PushRequest): Promise<void> => {
    const override = push.body.options?.override_msg_id;
    if (override !== undefined && (await store.findMessage(appKey, String(override))) === undefined) throw OVERRIDE_NOT_EXIST;
  };

  api.route<{ Body: PushRequest }>({
    ...operationRoute('createPush', validator),
    handler: async (request): Promise<PushResponse> => {
      await checkOverride(request.appKey, request.body);
      const { msgId, requestId } = await store.insertMessage({
        appKey: request.appKey,
        cid: request.body.body.options?.cid ?? null,
        requestId: request.body.request_id ?? '',
        payload: request.rawBody,
        sentAt: clock.now() + request.timeOffsetMs,
      });
      return { request_id: requestId, msg_id: msgId };
    },
  });

  api.route<{ Body: PushRequest }>({
    ...operationRoute('validatePush', validator),
    handler: async (request): Promise<PushResponse> => {
      await checkOverride(request.appKey, request.body);
      return { request_id: request.body.request_id ?? '', msg_id: VALIDATE_MSG_ID };
    },
  });
  done();
};
