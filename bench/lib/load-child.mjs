// autocannon as a process of its own (lib/load.mjs pins it to its core): one run of the
// options given as JSON, its result printed as JSON.
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2]);
const headers = { authorization: options.authorization ?? '' };
let nextId = options.ids?.first ?? 0;
const base = { url: options.url, connections: options.connections };
const config =
  options.kind === 'push'
    ? {
        ...base,
        url: `${options.url}/v4/push`,
        duration: options.duration,
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: options.body,
      }
    : options.kind === 'recall' && options.ids.last - options.ids.first > 10_000_000
      ? // An open range (Prism answers any id): a timed run.
        { ...base, url: `${options.url}/v4/push/withdraw/${nextId}`, duration: options.duration, headers, method: 'DELETE' }
      : options.kind === 'recall'
        ? {
            ...base,
            // Never more recalls than ids: each one is a successful, committed write.
            amount: options.ids.last - options.ids.first + 1,
            headers,
            requests: [
              {
                method: 'DELETE',
                setupRequest: (request) => ({ ...request, path: `/v4/push/withdraw/${nextId++}` }),
              },
            ],
          }
        : { ...base, duration: options.duration };
// A run of a fixed amount (the recall's ids) ends at autocannon's next one-second tick, not at
// its last answer: its time is taken to that last answer instead.
const counted = config.amount !== undefined;
let lastAnswer = 0;
const instance = autocannon(config, (error, result) => {
  if (error) throw error;
  // autocannon's own clock: from its first connection to its last answer.
  const elapsed = ((counted ? lastAnswer : result.finish.getTime()) - result.start.getTime()) / 1000;
  process.stdout.write(
    JSON.stringify({
      rps: result.requests.total / elapsed,
      p99: result.latency.p99,
      total: result.requests.total,
      bad: result.non2xx + result.errors + result.timeouts,
    }),
  );
});
if (counted) instance.on('response', () => (lastAnswer = Date.now()));
