// The samples of the guides (samples/) that are not test files themselves (those run as test
// files of their own), and the copy of one of them in the client's README.
// The mock guide's Storybook stories (samples/recall-button.stories.ts) run in Node as
// Storybook with msw-storybook-addon runs them: each story's handlers are the only ones in use
// (here under MSW's setupServer), its loaders run, and what they load is what its render
// function gets. Each story's fake answers with the API's real behaviour, and no story sees
// another's messages.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FIRST_MESSAGE_ID } from '@push-api/mock';
import * as module from '../samples/recall-button.stories.js';
import { recallOutcome, type Loaded } from '../samples/recall-button.stories.js';
import { appDir } from './paths.js';

// The module's named exports but its helpers are its stories.
const { default: meta, BASE_URL: _baseUrl, recallOutcome: _outcome, RecallButton: _component, ...stories } = module;
type Story = (typeof stories)[keyof typeof stories];

const server = setupServer();
// Any request that no story handler answers fails the test (msw 2 and 3 name the option differently).
const strict = { onUnhandledRequest: 'error', onUnhandledFrame: 'error' } as const;
beforeAll(() => {
  server.listen(strict);
});
afterAll(() => {
  server.close();
});

/** Makes a story's handlers the only ones in use (Storybook switching to it, once loaded). */
function show(story: Story): void {
  server.resetHandlers();
  server.use(...story.parameters.msw.handlers);
}

/** Opens a story as Storybook does: its handlers only, then its loaders; answers what they loaded. */
async function open(story: Story): Promise<Loaded> {
  show(story);
  const results = await Promise.all(story.loaders.map((loader) => loader()));
  return Object.assign({}, ...results) as Loaded;
}

/** Clicks the button once its story is open: what the button then says. */
const click = ({ client, msgId }: Loaded) => recallOutcome(client, msgId);

describe('the recall button stories', () => {
  test('are CSF 3: a default export with a title, and stories with MSW handlers, loaders and a render function', () => {
    expect(meta).toEqual({ title: 'Push API/Recall button' });
    expect(Object.keys(stories).sort()).toEqual(['AlreadyRecalled', 'Expired', 'LastMinuteOfTheDay', 'RateLimited', 'Recallable']);
    for (const story of Object.values(stories)) {
      expect(story.parameters.msw.handlers.length).toBeGreaterThan(0);
      expect(story.loaders.length).toBeGreaterThan(0);
      expect(typeof story.render).toBe('function');
    }
  });

  test("each story's fake answers with the API's behaviour for the state its loader put in place", async () => {
    const recallable = await open(stories.Recallable);
    expect(await click(recallable)).toBe('Recalled');
    expect(await click(recallable)).toBe('Already recalled'); // recall works once
    expect(await click(await open(stories.LastMinuteOfTheDay))).toBe('Recalled');
    expect(await click(await open(stories.Expired))).toBe('Too late: recall works for one day');
    expect(await click(await open(stories.AlreadyRecalled))).toBe('Already recalled');
    const limited = await open(stories.RateLimited);
    expect(await click(limited)).toBe('Busy: try again in 2 s'); // 429 with Retry-After: 2
    expect(await click(limited)).toBe('Recalled'); // only the next call was made to fail
  });

  test('stories do not share state, and opening a story again starts afresh', async () => {
    // Every fake numbers its messages from the same first id: one id, five different messages.
    const ids = [];
    for (const story of Object.values(stories)) ids.push((await open(story)).msgId);
    expect(new Set(ids)).toEqual(new Set([FIRST_MESSAGE_ID]));

    const recallable = await open(stories.Recallable);
    expect(await click(recallable)).toBe('Recalled');
    const expired = await open(stories.Expired); // its loader resets its own fake, not the other's
    show(stories.Recallable);
    expect(await click(recallable)).toBe('Already recalled'); // one fake shared would say "Too late"
    show(stories.Expired);
    expect(await click(expired)).toBe('Too late: recall works for one day'); // untouched by the recall above
    // A story's forced failure stays in that story.
    await open(stories.RateLimited);
    show(stories.Expired);
    expect(await click(expired)).toBe('Too late: recall works for one day');
    // The first story opened again: its loader reset its fake, so its message is recallable again.
    expect(await click(await open(stories.Recallable))).toBe('Recalled');
  });
});

test("the client README's example of testing with the fake is samples/testing-with-the-fake.test.ts, verbatim", () => {
  // packages/client/examples/ holds the README's other examples, which run against the server;
  // this one imports @push-api/mock, which the client package cannot depend on (the mock's
  // tests depend on the client), so its tested copy lives here, where it runs as a test file.
  const readme = readFileSync(join(appDir, '..', '..', 'packages', 'client', 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!.trimEnd());
  expect(blocks).toContain(readFileSync(join(appDir, 'samples', 'testing-with-the-fake.test.ts'), 'utf8').trimEnd());
});
