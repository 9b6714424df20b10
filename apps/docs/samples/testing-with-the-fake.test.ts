import { createPushClient, PushApiError } from '@push-api/client';
import { createFakePushApi } from '@push-api/mock';
import { expect, test } from 'vitest';

test('a message is recalled once, and only within a day of its push', async () => {
  // The API's own behaviour, in this process: no server, no port, no network.
  const fake = createFakePushApi();
  const client = createPushClient({ ...fake.credentials, fetch: fake.fetch, retries: 0 });
  const notification = { to: 'all', body: { platform: 'all', notification: { alert: 'Hi' } } } as const;

  const { msg_id } = await client.push(notification);
  expect(await client.withdraw(msg_id)).toEqual({ request_id: '', msg_id });
  const again = await client.withdraw(msg_id).catch((error: unknown) => error);
  expect(again).toBeInstanceOf(PushApiError);
  expect(again).toMatchObject({ status: 400, code: 21003, isAlreadyWithdrawn: true });

  const later = await client.push(notification);
  fake.clock.advance(24 * 60 * 60 * 1000); // a day passes
  await expect(client.withdraw(later.msg_id)).rejects.toMatchObject({ isExpired: true });
});
