// The route checks are compiled on the first request that needs them (openapi/validator.ts):
// the requests that arrive while Ajv loads and compiles wait for it, and each gets its own
// answer, exactly as the requests after them do.
import { closeAfterEach } from '@push-api/test-support';
import { describe, expect, it } from 'vitest';
import { ErrorCodes, OPERATIONS } from '@push-api/types';
import { ApiError } from '../src/errors.js';
import type { ApiRequest } from '../src/http/request.js';
import { createSpecValidator } from '../src/openapi/validator.js';
import { toApiError } from '../src/pipeline/errors.js';
import { specDocument } from '../src/openapi/document.js';
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

  it('answers synchronously once compiled, with the errors of the failed call', async () => {
    const validator = createSpecValidator(specDocument);
    const check = validator.compile(validator.ref(OPERATIONS.createPush.requestBody.schema), (errors) => new Error(errors[0]?.message));
    const waiting = check({});
    expect(waiting).toBeInstanceOf(Promise);
    await expect(waiting).rejects.toThrow();
    expect(check({})).toBe(false);
    expect(check.errors?.length).toBeGreaterThan(0);
    expect(check({ to: 'all', body: { platform: 'all', notification: { alert: 'hi' } } })).toBe(true);
  });

  it('a schema that cannot be compiled fails as the server’s fault (500), not the request’s', async () => {
    const validator = createSpecValidator(specDocument);
    const check = validator.compile(validator.ref('#/components/schemas/NoSuchSchema'), () => new Error('invalid'));
    const failure: unknown = await (check({}) as Promise<true>).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(ApiError);
    // What the app answers for it: the envelope of a server error.
    const answer = toApiError(failure, { log: undefined } as unknown as ApiRequest);
    expect([answer.status, answer.code]).toEqual([500, ErrorCodes.SERVER_ERROR]);
  });
});
