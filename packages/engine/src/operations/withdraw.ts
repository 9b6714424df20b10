// DELETE /v4/push/withdraw/{msg_id} (withdrawMessage). The store changes the message in
// one atomic conditional update, so of concurrent recalls of one message exactly one
// answers 200. The window is the spec's `x-recall-window-seconds`: at sent + 86 399 s a
// recall succeeds, from 86 400 s on the message has expired. A msg_id that is not a numeric
// string never gets here: the route's schema refuses it (21003).
import { LIMITS, type WithdrawResponse } from '@push-api/types';
import type { Call } from '../call.js';
import { catalogueError, type ApiError } from '../errors.js';
import type { WithdrawOutcome } from '../store/types.js';
import type { OperationOptions } from './push.js';

const RECALL_WINDOW_MS = LIMITS.recallWindowSeconds * 1000;

// Another app's message answers exactly like an unknown one ('unknown' covers both).
const FAILURES: Record<Exclude<WithdrawOutcome, 'withdrawn'>, ApiError> = {
  unknown: catalogueError('INVALID_PARAMETER', 'msgIdNotExist'),
  'already-withdrawn': catalogueError('INVALID_PARAMETER', 'msgIdWithdrawn'),
  expired: catalogueError('INVALID_PARAMETER', 'msgIdExpired'),
};

export function withdrawOperations({ store, clock }: OperationOptions): {
  withdrawMessage: (call: Call) => Promise<WithdrawResponse>;
} {
  return {
    async withdrawMessage(call) {
      const msgId = call.params.msg_id as string;
      const outcome = await store.withdrawMessage({
        appKey: call.appKey,
        msgId,
        now: clock.now() + call.timeOffsetMs,
        windowMs: RECALL_WINDOW_MS,
      });
      if (outcome !== 'withdrawn') throw FAILURES[outcome];
      return { request_id: '', msg_id: msgId };
    },
  };
}
