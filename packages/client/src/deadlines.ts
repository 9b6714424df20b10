/**
 * The calls' timeouts, at a fraction of the cost of an AbortController and a timer per call:
 * calls that start within the same window (a hundredth of the timeout) share one group — one
 * controller, one timer, which fires `timeoutMs` after the window closes. So a call times out
 * never early and at most 1% late. A group holds at most GROUP_SIZE calls (a signal's
 * listeners stay few). Its timer never holds the process open (a request in flight holds it by
 * its connection), and it is cleared once a closed group has no call running.
 */
import { PushTimeoutError } from './errors.js';

const GROUP_SIZE = 32;

/** The calls that started together: what they are aborted with, and when. */
export interface Deadline {
  readonly signal: AbortSignal;
  /** Rejects (PushTimeoutError) when the group's time is up; each call races it. */
  readonly expired: Promise<never>;
  /** The `fetch` of the group's calls: the client's, given the group's signal. */
  readonly fetch: (request: Request) => Promise<Response>;
  readonly opened: number;
  readonly timer: ReturnType<typeof setTimeout>;
  calls: number;
  running: number;
}

export interface Deadlines {
  /** The group a call starting now joins (call `leave` with it when the call ends). */
  enter(): Deadline;
  leave(deadline: Deadline): void;
}

export function deadlines(timeoutMs: number, fetch: (request: Request, init: { signal: AbortSignal }) => Promise<Response>): Deadlines {
  const window = Math.max(1, Math.min(1000, Math.floor(timeoutMs / 100)));
  let current: Deadline | undefined;

  const open = (now: number): Deadline => {
    const controller = new AbortController();
    let reject!: (reason: unknown) => void;
    const expired = new Promise<never>((_, fail) => (reject = fail));
    expired.catch(() => undefined);
    const timer = setTimeout(() => {
      const error = new PushTimeoutError(timeoutMs);
      reject(error);
      controller.abort(error);
    }, timeoutMs + window);
    // Node's timers can stop holding the process open (a browser's are plain numbers).
    (timer as { unref?: () => void }).unref?.();
    const init = { signal: controller.signal };
    return { signal: init.signal, expired, fetch: (request) => fetch(request, init), opened: now, timer, calls: 0, running: 0 };
  };

  return {
    enter() {
      const now = Date.now();
      if (current === undefined || current.calls >= GROUP_SIZE || now - current.opened >= window) {
        if (current?.running === 0) clearTimeout(current.timer);
        current = open(now);
      }
      const group = current;
      group.calls++;
      group.running++;
      return group;
    },
    leave(group) {
      // A closed group with no call running is done (the open one may still take calls).
      if (--group.running === 0 && group !== current) clearTimeout(group.timer);
    },
  };
}
