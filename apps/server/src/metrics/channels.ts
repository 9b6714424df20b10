// What the stores and the rate limiter tell whoever listens, on node:diagnostics_channel:
// publishing costs nothing while no one subscribes (no METRICS_PORT), and the code that
// publishes knows nothing of the metrics (metrics.ts subscribes).
import { channel } from 'node:diagnostics_channel';

/** A PostgreSQL group commit: `{ size }`, the writes it carried; `outcome` when its COMMIT's answer was lost. */
export const commitChannel = channel('push-api:store:commit');

export interface CommitEvent {
  size: number;
  /** Only for a COMMIT whose answer was lost: what txid_status said (or `unknown`). */
  inDoubt?: 'committed' | 'aborted' | 'unknown';
}

/** Each request served without the limit because Redis did not answer (fail open). */
export const failOpenChannel = channel('push-api:rate-limit:fail-open');
