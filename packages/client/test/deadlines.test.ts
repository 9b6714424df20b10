// The shared timeouts (src/deadlines.ts): never early, at most 1% late, groups of bounded size,
// and no timer holding the process open once the calls have ended.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deadlines } from '../src/deadlines.js';
import { PushTimeoutError } from '../src/errors.js';
import { createPushClient } from '../src/index.js';
import { TEST_APP } from '@push-api/test-support';

afterEach(() => {
  vi.useRealTimers();
});

const never = () => new Promise<never>(() => undefined);

describe('deadlines', () => {
  it('times a call out never before timeoutMs and at most 1% after', async () => {
    vi.useFakeTimers();
    const timeouts = deadlines(10_000, never);
    const deadline = timeouts.enter();
    let outcome: unknown;
    void Promise.race([never(), deadline.expired]).catch((error: unknown) => (outcome = error));
    await vi.advanceTimersByTimeAsync(9_999);
    expect(outcome).toBeUndefined();
    expect(deadline.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(10_100 - 9_999);
    expect(outcome).toBeInstanceOf(PushTimeoutError);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toBe(outcome);
  });

  it('shares a signal among the calls of one window, up to 32 of them', () => {
    vi.useFakeTimers();
    const timeouts = deadlines(10_000, never);
    const signals = Array.from({ length: 33 }, () => timeouts.enter().signal);
    expect(new Set(signals.slice(0, 32)).size).toBe(1);
    expect(signals[32]).not.toBe(signals[0]);
    vi.advanceTimersByTime(100);
    expect(timeouts.enter().signal).not.toBe(signals[32]);
  });

  it('never holds the process open, and drops a closed group’s timer once its calls end', () => {
    vi.useFakeTimers();
    const timeouts = deadlines(30_000, never);
    const first = timeouts.enter();
    const second = timeouts.enter();
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(300);
    const later = timeouts.enter();
    expect(vi.getTimerCount()).toBe(2);
    timeouts.leave(first);
    expect(vi.getTimerCount()).toBe(2);
    timeouts.leave(second);
    expect(vi.getTimerCount()).toBe(1);
    timeouts.leave(later);
    vi.useRealTimers();
    const timers = vi.spyOn(globalThis, 'setTimeout');
    try {
      deadlines(30_000, never).enter();
      const timer = timers.mock.results[0]?.value as NodeJS.Timeout;
      // `node script.js` ends once its requests have (their connections hold the process).
      expect(timer.hasRef()).toBe(false);
    } finally {
      timers.mockRestore();
    }
  });

  it('times out a custom fetch that drops the signal', async () => {
    const client = createPushClient({ ...TEST_APP, fetch: () => never(), timeoutMs: 20, retries: 0 });
    await expect(client.withdraw('1')).rejects.toBeInstanceOf(PushTimeoutError);
  });

  it('aborts the request through the signal the fetch is given', async () => {
    let given: AbortSignal | undefined;
    const client = createPushClient({
      ...TEST_APP,
      timeoutMs: 20,
      retries: 0,
      fetch: (_request, init) => {
        given = init?.signal;
        return never();
      },
    });
    await expect(client.withdraw('1')).rejects.toBeInstanceOf(PushTimeoutError);
    expect(given?.aborted).toBe(true);
    expect(given?.reason).toBeInstanceOf(PushTimeoutError);
  });
});
