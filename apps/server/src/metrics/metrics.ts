// What an operator graphs and alerts on, in the Prometheus text format (prom-client): the
// requests by operation, status and error code, their latency by operation, what recalls
// came to, the refusals (rate limit, authentication), and the process's own figures. One
// registry per server process; with WORKERS, the primary asks every worker for theirs and
// answers for the machine (prom-client's AggregatorRegistry, over the cluster's IPC).
import { ERROR_MESSAGES } from '@push-api/types';
import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { commitChannel, failOpenChannel, type CommitEvent } from './channels.js';
import type { StoreObserver } from './store.js';

/** The answer's labels, as the metrics see it. */
export interface Observed {
  /** The spec's operationId, or `other` (the server's own routes, 404, 405). */
  operation: string;
  status: number;
  /** The error envelope's code, when the answer has one. */
  code: number | undefined;
  message: string | undefined;
  seconds: number;
}

export interface ServerMetrics {
  readonly registry: Registry;
  observe(answer: Observed): void;
  /** What measuredStore() reports to. */
  readonly store: StoreObserver;
}

/** A recall's 21003 message → what it came to. */
const RECALL_OUTCOMES = new Map<string, string>([
  [ERROR_MESSAGES.msgIdWithdrawn, 'already_recalled'],
  [ERROR_MESSAGES.msgIdExpired, 'expired'],
  [ERROR_MESSAGES.msgIdNotExist, 'unknown'],
  [ERROR_MESSAGES.msgIdNotNumeric, 'unknown'],
]);

const REFUSALS: Readonly<Record<number, string>> = { 401: 'authentication', 429: 'rate_limit' };

export function createMetrics(): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'push_api_requests_total',
    help: 'Requests answered, by operation, HTTP status and error code ("" for none).',
    labelNames: ['operation', 'status', 'code'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'push_api_request_duration_seconds',
    help: 'Time from a request to its answer, by operation.',
    labelNames: ['operation'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const recalls = new Counter({
    name: 'push_api_recall_outcomes_total',
    help: 'What recalls came to: recalled, already_recalled, expired, unknown (no such message of the app).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'push_api_refusals_total',
    help: 'Requests refused before any work: rate_limit (429) and authentication (401).',
    labelNames: ['reason'],
    registers: [registry],
  });
  const commits = new Histogram({
    name: 'push_api_store_commit_writes',
    help: 'Writes per PostgreSQL commit (group commit: the writes of one event-loop turn share one).',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [registry],
  });
  const inDoubt = new Counter({
    name: 'push_api_store_commit_in_doubt_total',
    help: 'COMMITs whose answer was lost, by what the transaction turned out to be: committed, aborted, unknown (answered 503).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const failOpen = new Counter({
    name: 'push_api_rate_limit_fail_open_total',
    help: 'Requests served without the rate limit because Redis did not answer.',
    registers: [registry],
  });
  const storeInFlight = new Gauge({
    name: 'push_api_store_operations_in_flight',
    help: 'Store operations started and not answered yet (on PostgreSQL, more than DB_POOL_SIZE of them wait for a connection, less what group commit batches).',
    registers: [registry],
  });
  const storeErrors = new Counter({
    name: 'push_api_store_errors_total',
    help: 'Store operations that failed, by kind: unreachable, timeout, outcome_unknown, disk_full, busy, damaged, closed (503 27004), error (500).',
    labelNames: ['kind'],
    registers: [registry],
  });
  commitChannel.subscribe((event) => {
    const { size, inDoubt: outcome } = event as CommitEvent;
    commits.observe(size);
    if (outcome !== undefined) inDoubt.inc({ outcome });
  });
  failOpenChannel.subscribe(() => {
    failOpen.inc();
  });
  return {
    registry,
    store: {
      started: () => {
        storeInFlight.inc();
      },
      settled: (kind) => {
        storeInFlight.dec();
        if (kind !== undefined) storeErrors.inc({ kind });
      },
    },
    observe({ operation, status, code, message, seconds }) {
      requests.inc({ operation, status: String(status), code: code === undefined ? '' : String(code) });
      latency.observe({ operation }, seconds);
      const refusal = REFUSALS[status];
      if (refusal !== undefined) refusals.inc({ reason: refusal });
      if (operation === 'withdrawMessage') {
        const outcome = status === 200 ? 'recalled' : message === undefined ? undefined : RECALL_OUTCOMES.get(message);
        if (outcome !== undefined) recalls.inc({ outcome });
      }
    },
  };
}

/** A worker's metrics, handed to the primary when it asks (the primary aggregates them). */
export function shareWithPrimary(metrics: ServerMetrics): void {
  // Constructing one adds the listener that answers the primary's requests.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([metrics.registry]);
}

/** The text of the whole machine's metrics, from the primary: every worker's, summed. */
export function clusterMetricsText(): () => Promise<string> {
  const aggregator = new AggregatorRegistry();
  return () => aggregator.clusterMetrics();
}
