// The one Ajv of an engine: a check compiles its schema on its first call (those calls wait
// for it), then answers synchronously; a schema that cannot be compiled is the server's fault.
import { describe, expect, it } from 'vitest';
import { ErrorCodes, OPERATIONS } from '@push-api/types';
import spec from '@push-api/spec/openapi.json' with { type: 'json' };
import { toApiError } from '../src/answers.js';
import { ApiError } from '../src/errors.js';
import { createSpecValidator } from '../src/validation/validator.js';

const document = () => Promise.resolve(spec as Record<string, unknown>);

describe('checks compiled on first use', () => {
  it('answers synchronously once compiled, with the errors of the failed call', async () => {
    const validator = createSpecValidator(document);
    const check = validator.compile(validator.ref(OPERATIONS.createPush.requestBody.schema), (errors) => new Error(errors[0]?.message));
    const waiting = check({});
    expect(waiting).toBeInstanceOf(Promise);
    await expect(waiting).rejects.toThrow();
    expect(check({})).toBe(false);
    expect(check.errors?.length).toBeGreaterThan(0);
    expect(check({ to: 'all', body: { platform: 'all', notification: { alert: 'hi' } } })).toBe(true);
  });

  it('a schema that cannot be compiled fails as the server’s fault (500), not the request’s', async () => {
    const validator = createSpecValidator(document);
    const check = validator.compile(validator.ref('#/components/schemas/NoSuchSchema'), () => new Error('invalid'));
    const failure: unknown = await (check({}) as Promise<true>).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(ApiError);
    // What the engine answers for it: the envelope of a server error.
    const answer = toApiError(failure, { id: 'test' }, undefined);
    expect([answer.status, answer.code]).toEqual([500, ErrorCodes.SERVER_ERROR]);
  });
});
