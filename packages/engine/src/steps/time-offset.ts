// `Prefer: time-offset=<seconds>`: the stateful mock (`pnpm mock --stateful`) judges such a
// request as if that many seconds had passed since now, so a UI can see a message expire
// without waiting a day. Everywhere else the preference is refused (400 / 21003), so that
// nobody believes a real server honours it. Operations judge a request at
// `clock.now() + call.timeOffsetMs`.
import type { Step } from '../call.js';
import { apiError } from '../errors.js';

/** The largest offset honoured: ten years, far past the one-day recall window. */
export const MAX_TIME_OFFSET_SECONDS = 10 * 366 * 86_400;
const PREFERENCE = /(?:^|[,;\s])time-offset\s*=\s*"?([^,;"\s]*)"?/i;

const notHonoured = apiError('INVALID_PARAMETER', 'Prefer: time-offset is honoured only by the stateful mock (pnpm mock --stateful)');
const badOffset = apiError('INVALID_PARAMETER', `Prefer: time-offset must be whole seconds from 0 to ${MAX_TIME_OFFSET_SECONDS}`);

/** The offset a Prefer header asks for, in seconds: undefined when it asks none, NaN when malformed. */
export function preferredTimeOffset(prefer: string | undefined): number | undefined {
  if (prefer === undefined || !prefer.toLowerCase().includes('time-offset')) return undefined;
  const value = PREFERENCE.exec(prefer)?.[1] ?? '';
  return /^\d{1,10}$/.test(value) && Number(value) <= MAX_TIME_OFFSET_SECONDS ? Number(value) : Number.NaN;
}

/** Sets the call's time offset (honour: the stateful mock) or refuses the preference; throws the answer. */
export function timeOffset(honour: boolean): Step {
  return (call) => {
    const seconds = preferredTimeOffset(call.request.header('prefer'));
    if (seconds === undefined) return;
    if (!honour) throw notHonoured;
    if (Number.isNaN(seconds)) throw badOffset;
    call.timeOffsetMs = seconds * 1000;
  };
}
