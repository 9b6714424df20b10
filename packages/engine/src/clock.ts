// Time as a dependency: the operations and the limits read `clock.now()` (epoch
// milliseconds), so tests (and the fake's movable clock) can stand exactly one second before,
// or at, the end of the recall window.
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
