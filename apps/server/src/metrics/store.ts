// The store as the metrics see it: every operation counted while in flight, and every failure
// by its kind (StoreUnavailableError's `kind`: unreachable, timeout, outcome_unknown,
// disk_full, busy, damaged, closed; `error` for anything else). Wrapped around the store
// only when METRICS_PORT asks for metrics; the stores themselves know nothing of it.
import { StoreUnavailableError } from '@push-api/engine';
import type { Store } from '../store/index.js';

/** Store's operations (what the API and the retention job call). */
const OPERATIONS = [
  'saveApp',
  'createApp',
  'findApp',
  'listApps',
  'appsRevision',
  'insertMessage',
  'withdrawMessage',
  'findMessage',
  'countMessages',
  'deleteMessagesSentBefore',
  'ping',
] as const satisfies readonly (keyof Store)[];

export interface StoreObserver {
  started(): void;
  /** `kind` when it failed. */
  settled(kind?: string): void;
}

type Operation = (...args: unknown[]) => Promise<unknown>;

export function measuredStore(store: Store, observer: StoreObserver): Store {
  const measured: Record<string, unknown> = Object.create(store) as Record<string, unknown>;
  const answered = (value: unknown) => {
    observer.settled();
    return value;
  };
  const failed = (error: unknown) => {
    observer.settled(error instanceof StoreUnavailableError ? error.kind : 'error');
    throw error;
  };
  for (const name of OPERATIONS) {
    const operation = (store[name] as Operation).bind(store);
    measured[name] = (...args: unknown[]) => {
      observer.started();
      return operation(...args).then(answered, failed);
    };
  }
  measured.close = () => store.close();
  return measured as unknown as Store;
}
