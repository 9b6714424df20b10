// Storybook stories (CSF 3) of a recall button, one per state, each on a fake Push API of its
// own: msw-storybook-addon hands the story's requests to `parameters.msw.handlers`, built on
// that story's fake, and the story's loader puts the message it needs in place (after a reset,
// so opening a story again starts afresh). Stories never share messages. Nothing here imports
// Storybook.
import { createPushClient, PushApiError, type PushClient } from '@push-api/client';
import { createFakePushApi, type FakePushApi } from '@push-api/mock';
import { pushApiHandlers } from '@push-api/mock/msw';

/** Where the component sends its requests (the client's default data centre); MSW answers. */
export const BASE_URL = 'https://pushapi-sgp.engagelab.com';
const DAY_MS = 24 * 60 * 60 * 1000;

/** What the button says once its recall is answered. */
export async function recallOutcome(client: PushClient, msgId: string): Promise<string> {
  try {
    await client.withdraw(msgId);
    return 'Recalled';
  } catch (error) {
    if (!(error instanceof PushApiError)) return 'No answer: try again';
    if (error.isAlreadyWithdrawn) return 'Already recalled';
    if (error.isExpired) return 'Too late: recall works for one day';
    if (error.isRateLimited) return `Busy: try again in ${Math.ceil((error.retryAfterMs ?? 1000) / 1000)} s`;
    return `Failed: ${error.message}`;
  }
}

/** The component (plain DOM here; yours may be React, Vue, …): recalls a message when clicked. */
export function RecallButton({ client, msgId }: { client: PushClient; msgId: string }): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = `Recall ${msgId}`;
  button.addEventListener('click', () => {
    button.disabled = true;
    void recallOutcome(client, msgId).then((outcome) => {
      button.textContent = outcome;
    });
  });
  return button;
}

/** What a story's loader hands to its render function (Storybook's `context.loaded`). */
export interface Loaded {
  client: PushClient;
  msgId: string;
}

/** A story on a fake of its own; `seed` puts the state in place and answers the msg_id to recall. */
function storyOnItsOwnFake(seed: (fake: FakePushApi) => Promise<string>) {
  const fake = createFakePushApi();
  return {
    parameters: { msw: { handlers: pushApiHandlers(fake, { baseUrl: BASE_URL }) } },
    loaders: [
      async (): Promise<Loaded> => {
        fake.reset();
        // A story runs in a page: the fake's test app, so the client may run there.
        const client = createPushClient({ ...fake.credentials, baseUrl: BASE_URL, retries: 0, dangerouslyAllowBrowser: true });
        return { client, msgId: await seed(fake) };
      },
    ],
    render: (_args: Record<string, never>, { loaded }: { loaded: Loaded }) => RecallButton(loaded),
  };
}

export default { title: 'Push API/Recall button' };

export const Recallable = storyOnItsOwnFake((fake) => fake.addMessage({ pushedAgoMs: 60_000 }));

export const LastMinuteOfTheDay = storyOnItsOwnFake((fake) => fake.addMessage({ pushedAgoMs: DAY_MS - 60_000 }));

export const Expired = storyOnItsOwnFake((fake) => fake.addMessage({ pushedAgoMs: DAY_MS }));

export const AlreadyRecalled = storyOnItsOwnFake((fake) => fake.addMessage({ withdrawn: true }));

export const RateLimited = storyOnItsOwnFake((fake) => {
  fake.failNext('withdrawMessage', { status: 429, retryAfterMs: 2000 });
  return fake.addMessage();
});
