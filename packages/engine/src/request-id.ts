// The id of a request, the `X-Request-Id` of its answer: a sane incoming one is kept (a client
// or a proxy may trace by it), else "<random per engine>-<counter>".
const INCOMING = /^[A-Za-z0-9._:-]{1,64}$/;

/** Ids for requests: `given` (an incoming X-Request-Id) when sane, else a new one. */
export function requestIdGenerator(): (given: string | undefined) => string {
  const prefix = Array.from(crypto.getRandomValues(new Uint8Array(4)), (byte) => byte.toString(16).padStart(2, '0')).join('');
  let sequence = 0;
  return (given) => {
    if (given !== undefined && INCOMING.test(given)) return given;
    sequence = (sequence + 1) % Number.MAX_SAFE_INTEGER;
    return `${prefix}-${sequence.toString(36)}`;
  };
}
