// The store as the metrics see it (measuredStore): operations in flight while they run, and
// failures counted by their kind — whatever the store, since it wraps the Store interface.
import { MemoryStore, StoreUnavailableError, type NewMessage, type PushResult } from '@push-api/engine';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../src/metrics/metrics.js';
import { measuredStore } from '../src/metrics/store.js';
import { TEST_APP } from './helpers.js';

/** The value of one sample of the registry's text, 0 when absent. */
async function sample(metrics: ReturnType<typeof createMetrics>, line: string): Promise<number> {
  const found = (await metrics.registry.metrics()).split('\n').find((text) => text.startsWith(`${line} `));
  return found === undefined ? 0 : Number(found.slice(line.length + 1));
}

const message = { appKey: TEST_APP.appKey, cid: null, requestId: '', payload: '{}', sentAt: Date.now() };

describe('the store, measured', () => {
  it('counts operations in flight while they run, and failures by kind', async () => {
    const metrics = createMetrics();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let fault: StoreUnavailableError | Error | undefined;
    // A store whose insert waits for the test, then fails as told.
    class Held extends MemoryStore {
      override async insertMessage(next: NewMessage): Promise<PushResult> {
        await held;
        if (fault) throw fault;
        return super.insertMessage(next);
      }
    }
    const memory = new Held();
    const store = measuredStore(memory, metrics.store);
    const pending = [store.insertMessage(message), store.insertMessage(message)];
    expect(await sample(metrics, 'push_api_store_operations_in_flight')).toBe(2);
    release();
    await Promise.all(pending);
    expect(await sample(metrics, 'push_api_store_operations_in_flight')).toBe(0);

    fault = new StoreUnavailableError('the disk is full', { kind: 'disk_full' });
    await expect(store.insertMessage(message)).rejects.toBe(fault);
    fault = new StoreUnavailableError('the outcome of a write is unknown', { kind: 'outcome_unknown' });
    await expect(store.insertMessage(message)).rejects.toBe(fault);
    fault = new Error('a bug');
    await expect(store.insertMessage(message)).rejects.toBe(fault);
    expect(await sample(metrics, 'push_api_store_errors_total{kind="disk_full"}')).toBe(1);
    expect(await sample(metrics, 'push_api_store_errors_total{kind="outcome_unknown"}')).toBe(1);
    expect(await sample(metrics, 'push_api_store_errors_total{kind="error"}')).toBe(1);
    expect(await sample(metrics, 'push_api_store_operations_in_flight')).toBe(0);
    // The rest of the store is the store's own.
    expect(store.engine).toBe(memory.engine);
    expect(await store.countMessages(TEST_APP.appKey)).toBe(2);
    await store.close();
  });
});
