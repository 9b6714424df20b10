// DELETE /v4/push/withdraw/{msg_id} (withdrawMessage): the recall table of
// shared/domain.md. The store makes the state change atomically (one conditional update),
// so of concurrent recalls of one message exactly one answers 200. The window is the
// spec's `x-recall-window-seconds`: at sent + 86 399 s a recall succeeds, from 86 400 s on
// it is expired.
import type { FastifyInstance } from 'fastify';
import { ERROR_MESSAGES, LIMITS } from '@push-api/types';
import type { Clock } from '../clock.js';
import type { Contract } from '../contract/index.js';
import { apiErrorWithMessage } from '../errors.js';
import type { MessageStore, WithdrawOutcome } from '../store/types.js';
import { JSON_UTF8 } from '../plugins/errors.js';

export interface WithdrawRoutesOptions {
  contract: Contract;
  store: MessageStore;
  clock: Clock;
}

const RECALL_WINDOW_MS = LIMITS.recallWindowSeconds * 1000;

// Another app's message answers exactly like an unknown one ('unknown' covers both).
const FAILURES: Record<Exclude<WithdrawOutcome, 'withdrawn'>, Error> = {
  unknown: apiErrorWithMessage('INVALID_PARAMETER', ERROR_MESSAGES.msgIdNotExist),
  'already-withdrawn': apiErrorWithMessage('INVALID_PARAMETER', ERROR_MESSAGES.msgIdWithdrawn),
  expired: apiErrorWithMessage('INVALID_PARAMETER', ERROR_MESSAGES.msgIdExpired),
};
const NOT_NUMERIC = apiErrorWithMessage('INVALID_PARAMETER', ERROR_MESSAGES.msgIdNotNumeric);

export function withdrawRoutes(api: FastifyInstance, { contract, store, clock }: WithdrawRoutesOptions): void {
  const withdraw = contract.operation('withdrawMessage');
  const isMessageId = contract.pathParameterChecker('withdrawMessage', 'msg_id');
  api.route<{ Params: { msg_id: string } }>({
    method: withdraw.method,
    url: withdraw.url,
    handler: async (request, reply) => {
      const msgId = request.params.msg_id;
      if (!isMessageId(msgId)) throw NOT_NUMERIC;
      const outcome = await store.withdrawMessage({
        appKey: request.appKey,
        msgId,
        now: clock.now(),
        windowMs: RECALL_WINDOW_MS,
      });
      if (outcome !== 'withdrawn') throw FAILURES[outcome];
      reply.header('content-type', JSON_UTF8);
      return `{"request_id":"","msg_id":"${msgId}"}`;
    },
  });
}
