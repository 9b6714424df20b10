// (a) Type-level contract: the generated types make every operation's params, body and
// responses typed, so a wrong path, a missing msg_id or a wrong body field fails to compile.
import createClient from 'openapi-fetch';
import { describe, expectTypeOf, it } from 'vitest';
import type { operations, paths, PushRequest } from '@push-api/types';

const api = createClient<paths>({ baseUrl: 'http://127.0.0.1:1' });
const body: PushRequest = { to: 'all', body: { platform: 'all', notification: { alert: 'x' } } };

describe('generated operation types', () => {
  it('withdrawMessage: a string msg_id path parameter, typed 200 and 400 bodies', async () => {
    const result = await api.DELETE('/v4/push/withdraw/{msg_id}', { params: { path: { msg_id: '1' } } });
    expectTypeOf(result.data).toEqualTypeOf<{ request_id: string; msg_id: string } | undefined>();
    expectTypeOf<NonNullable<typeof result.error>['error']['code']>().toEqualTypeOf<
      operations['withdrawMessage']['responses'][400]['content']['application/json']['error']['code']
    >();
    expectTypeOf<operations['withdrawMessage']['parameters']['path']['msg_id']>().toEqualTypeOf<string>();
    // @ts-expect-error missing msg_id
    await api.DELETE('/v4/push/withdraw/{msg_id}', { params: { path: {} } });
    // @ts-expect-error msg_id is a string
    await api.DELETE('/v4/push/withdraw/{msg_id}', { params: { path: { msg_id: 1 } } });
    // @ts-expect-error wrong path
    await api.DELETE('/v4/push/recall/{msg_id}', { params: { path: { msg_id: '1' } } });
  });

  it('createPush and validatePush: a typed body and response', async () => {
    const pushed = await api.POST('/v4/push', { body });
    expectTypeOf(pushed.data).toEqualTypeOf<{ request_id: string; msg_id: string } | undefined>();
    await api.POST('/v4/push/validate', { body });
    // @ts-expect-error the body is required
    await api.POST('/v4/push', {});
    // @ts-expect-error wrong body field
    await api.POST('/v4/push', { body: { to: 'all', target: 'all', body: { platform: 'all', notification: { alert: 'x' } } } });
    // @ts-expect-error wrong field type
    await api.POST('/v4/push', { body: { ...body, body: { ...body.body, options: { time_to_live: '1d' } } } });
    // @ts-expect-error push is POST only
    await api.PUT('/v4/push', { body });
  });

  it('error bodies share one envelope whose code is the spec’s union', () => {
    type Err = operations['createPush']['responses'][400]['content']['application/json'];
    expectTypeOf<Err['error']['message']>().toEqualTypeOf<string>();
    expectTypeOf<21003>().toExtend<Err['error']['code']>();
    expectTypeOf<12345>().not.toExtend<Err['error']['code']>();
  });
});
