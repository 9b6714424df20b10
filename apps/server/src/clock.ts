// Time as a dependency: routes and the rate limiter read `clock.now()` (epoch milliseconds),
// so tests can stand exactly one second before, or at, the end of the recall window.
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: Date.now };
