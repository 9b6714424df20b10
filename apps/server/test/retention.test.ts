// Retention: messages past RETENTION_DAYS are deleted in batches; then they answer
// "msg_id not exist" like any unknown id, while younger ones are untouched.
import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '@push-api/types';
import { RETENTION_BATCH, RetentionJob } from '../src/retention.js';
import { TEST_APP, errorOf, pushedMessageId, recall, useServer } from './helpers.js';

const DAY_MS = 86_400_000;
const current = useServer();
const quiet = { info: () => undefined, warn: () => undefined } as unknown as ConstructorParameters<typeof RetentionJob>[3];

describe('retention', () => {
  it('deletes what is older than RETENTION_DAYS, in batches; recalled, expired or not, they then do not exist', async () => {
    const { app, store, clock } = current();
    const recalled = await pushedMessageId(app, TEST_APP);
    expect((await recall(app, TEST_APP, recalled)).statusCode).toBe(200);
    const old = await Promise.all(Array.from({ length: RETENTION_BATCH + 20 }, () => pushedMessageId(app, TEST_APP)));
    clock.advance(29 * DAY_MS);
    const young = await pushedMessageId(app, TEST_APP);
    clock.advance(DAY_MS + 1);

    const job = new RetentionJob(store, 30, clock, quiet);
    expect(await job.runOnce()).toBe(RETENTION_BATCH + 21);
    expect(await store.countMessages(TEST_APP.appKey)).toBe(1);
    for (const msgId of [recalled, old[0]!, old.at(-1)!]) {
      expect(errorOf(await recall(app, TEST_APP, msgId))).toEqual({ code: 21003, message: ERROR_MESSAGES.msgIdNotExist });
    }
    // The young one was only expired, and is still there to say so.
    expect(errorOf(await recall(app, TEST_APP, young))).toEqual({ code: 21003, message: ERROR_MESSAGES.msgIdExpired });
    expect(await job.runOnce()).toBe(0);
  });

  it('RETENTION_DAYS=0 keeps everything', async () => {
    const { app, store, clock } = current();
    await pushedMessageId(app, TEST_APP);
    clock.advance(3650 * DAY_MS);
    const job = new RetentionJob(store, 0, clock, quiet);
    job.start();
    await job.stop();
    expect(await store.countMessages(TEST_APP.appKey)).toBe(1);
  });
});
