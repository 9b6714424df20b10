// The operations' checks are compiled on the first request that needs them (the engine's
// validation/validator.ts): the requests that arrive while Ajv loads and compiles wait for it,
// and each gets its own answer, exactly as the requests after them do.
import { closeAfterEach } from '@push-api/test-support';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '@push-api/types';
import { TEST_APP, createTestServer, errorOf, notificationPush, push, recall } from './helpers.js';

const closing = closeAfterEach();

describe('checks compiled on first use', () => {
  it('concurrent first requests, valid and invalid, each get their own answer', async () => {
    const server = closing(await createTestServer());
    const bodies = [
      notificationPush(),
      { to: 'all', body: { platform: 'all' } },
      notificationPush({}, { time_to_live: -1 }),
      'not an object',
      notificationPush(),
    ];
    const first = await Promise.all([...bodies.map((body) => push(server.app, TEST_APP, body)), recall(server.app, TEST_APP, 'abc')]);
    const later = await Promise.all([...bodies.map((body) => push(server.app, TEST_APP, body)), recall(server.app, TEST_APP, 'abc')]);
    const answers = (responses: typeof first) =>
      responses.map((response) => (response.statusCode === 200 ? 200 : [response.statusCode, errorOf(response)]));
    expect(answers(first)).toEqual(answers(later));
    const codes = first.map((response) => (response.statusCode === 200 ? 200 : errorOf(response).code));
    expect(codes).toEqual([
      200,
      ErrorCodes.MISSING_PARAMETER,
      ErrorCodes.INVALID_PARAMETER,
      ErrorCodes.INVALID_PARAMETER,
      200,
      ErrorCodes.INVALID_PARAMETER,
    ]);
    expect(errorOf(first[2]!).message).toMatch(/time_to_live/);
    expect(errorOf(first[5]!).message).toMatch(/msg_id/);
  });
});
