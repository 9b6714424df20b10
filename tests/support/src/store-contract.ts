// The store contract as tests, for every implementation of the engine's Store: the memory
// store (packages/engine), SQLite and PostgreSQL (apps/server). Each guarantee the contract
// states (@push-api/engine's store/types.ts) is asserted here once:
// - msg_id: decimal strings from the store, increasing, never reused, unique under concurrency,
//   exact above 2^53, from firstMessageId on;
// - (appKey, cid) unique: a repeated cid answers the first push's result and stores nothing;
// - a recall is one atomic conditional change: once, never twice, never after the window,
//   never another app's message; of concurrent recalls exactly one wins;
// - apps: create once, save replaces the secret and keeps the creation time, a revision that
//   moves with every change; retention deletes in batches; ping until closed.
import { describe, expect, it } from 'vitest';
import type { NewMessage, Store, StoreOptions, StoredApp } from '@push-api/engine';

export interface StoreContractOptions {
  /** A new, empty store (each call: one of its own). */
  open: (options?: StoreOptions) => Promise<Store>;
}

const APP = 'contract-app-0000000001';
const OTHER = 'contract-app-0000000002';
const WINDOW_MS = 86_400_000;
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

const message = (overrides: Partial<NewMessage> = {}): NewMessage => ({
  appKey: APP,
  cid: null,
  requestId: '',
  payload: '{"to":"all","body":{"platform":"all","notification":{"alert":"contract"}}}',
  sentAt: NOW,
  ...overrides,
});

const app = (appKey: string, overrides: Partial<StoredApp> = {}): StoredApp => ({
  appKey,
  secretSalt: Uint8Array.of(1, 2, 3, 4),
  secretHash: Uint8Array.of(5, 6, 7, 8),
  kind: 'configured',
  createdAt: 1_000,
  updatedAt: 1_000,
  ...overrides,
});

export function describeStoreContract(name: string, { open }: StoreContractOptions): void {
  /** Runs `test` on a new store, closed afterwards whatever happens. */
  const withStore = (test: (store: Store) => Promise<void>, options?: StoreOptions) => async () => {
    const store = await open(options);
    try {
      await test(store);
    } finally {
      await store.close();
    }
  };

  describe(`the store contract: ${name}`, () => {
    it(
      'allocates msg_ids as increasing decimal strings, unique under concurrent pushes',
      withStore(async (store) => {
        const results = await Promise.all(Array.from({ length: 200 }, (_, i) => store.insertMessage(message({ requestId: `r${i}` }))));
        const ids = results.map((result) => result.msgId);
        for (const id of ids) expect(id).toMatch(/^[1-9][0-9]*$/);
        expect(new Set(ids).size).toBe(200);
        const later = await store.insertMessage(message());
        expect(ids.every((id) => BigInt(id) < BigInt(later.msgId))).toBe(true);
        expect(results.every((result, i) => result.requestId === `r${i}` && !result.duplicate)).toBe(true);
      }),
    );

    it(
      'starts at firstMessageId and keeps ids above 2^53 exact',
      withStore(
        async (store) => {
          const first = await store.insertMessage(message());
          expect(first.msgId).toBe('9007199254740993');
          const second = await store.insertMessage(message());
          expect(second.msgId).toBe('9007199254740994');
          expect((await store.findMessage(APP, '9007199254740993'))?.msgId).toBe('9007199254740993');
          expect(await store.withdrawMessage({ appKey: APP, msgId: '9007199254740994', now: NOW, windowMs: WINDOW_MS })).toBe('withdrawn');
        },
        { firstMessageId: 9_007_199_254_740_993n },
      ),
    );

    it(
      'never reuses an id, not even one whose message retention deleted',
      withStore(async (store) => {
        const old = await store.insertMessage(message({ sentAt: 1 }));
        expect(await store.deleteMessagesSentBefore(2, 10)).toBe(1);
        const next = await store.insertMessage(message());
        expect(BigInt(next.msgId)).toBeGreaterThan(BigInt(old.msgId));
      }),
    );

    it(
      'stores a message as given and finds it by its app only',
      withStore(async (store) => {
        const { msgId } = await store.insertMessage(message({ cid: 'cid-1', requestId: 'req-1', payload: '{"a": 1}' }));
        expect(await store.findMessage(APP, msgId)).toEqual({
          msgId,
          appKey: APP,
          cid: 'cid-1',
          requestId: 'req-1',
          payload: '{"a": 1}',
          sentAt: NOW,
          withdrawnAt: null,
        });
        expect(await store.findMessage(OTHER, msgId)).toBeUndefined();
        expect(await store.findMessage(APP, '0')).toBeUndefined();
        expect(await store.findMessage(APP, `0${msgId}`)).toBeUndefined();
        expect(await store.findMessage(APP, '99999999999999999999')).toBeUndefined();
      }),
    );

    it(
      'answers a repeated cid with the first push, storing nothing, per app, and under concurrency',
      withStore(async (store) => {
        const first = await store.insertMessage(message({ cid: 'same', requestId: 'first' }));
        const again = await store.insertMessage(message({ cid: 'same', requestId: 'again' }));
        expect(again).toEqual({ msgId: first.msgId, requestId: 'first', duplicate: true });
        expect(await store.countMessages(APP)).toBe(1);
        const otherApp = await store.insertMessage(message({ appKey: OTHER, cid: 'same' }));
        expect(otherApp.msgId).not.toBe(first.msgId);
        expect(otherApp.duplicate).toBe(false);
        const together = await Promise.all(Array.from({ length: 20 }, () => store.insertMessage(message({ cid: 'together' }))));
        expect(new Set(together.map((result) => result.msgId)).size).toBe(1);
        expect(together.filter((result) => !result.duplicate)).toHaveLength(1);
        expect(await store.countMessages(APP)).toBe(2);
      }),
    );

    it(
      'recalls once; then "already withdrawn"; an unknown id or another app\'s message is "unknown"',
      withStore(async (store) => {
        const { msgId } = await store.insertMessage(message());
        const recall = (appKey: string, id: string) => store.withdrawMessage({ appKey, msgId: id, now: NOW + 1000, windowMs: WINDOW_MS });
        expect(await recall(OTHER, msgId)).toBe('unknown');
        expect(await recall(APP, msgId)).toBe('withdrawn');
        expect(await recall(APP, msgId)).toBe('already-withdrawn');
        expect((await store.findMessage(APP, msgId))?.withdrawnAt).toBe(NOW + 1000);
        expect(await recall(APP, String(BigInt(msgId) + 1000n))).toBe('unknown');
        for (const id of ['0', `0${msgId}`, '9223372036854775808', '99999999999999999999']) expect(await recall(APP, id)).toBe('unknown');
      }),
    );

    it(
      'recalls up to the last millisecond of the window, never from its end on',
      withStore(async (store) => {
        const { msgId: inTime } = await store.insertMessage(message());
        const { msgId: late } = await store.insertMessage(message());
        expect(await store.withdrawMessage({ appKey: APP, msgId: inTime, now: NOW + WINDOW_MS - 1, windowMs: WINDOW_MS })).toBe(
          'withdrawn',
        );
        expect(await store.withdrawMessage({ appKey: APP, msgId: late, now: NOW + WINDOW_MS, windowMs: WINDOW_MS })).toBe('expired');
        expect((await store.findMessage(APP, late))?.withdrawnAt).toBeNull();
        // Recalled and expired since: it has been withdrawn.
        expect(await store.withdrawMessage({ appKey: APP, msgId: inTime, now: NOW + 2 * WINDOW_MS, windowMs: WINDOW_MS })).toBe(
          'already-withdrawn',
        );
      }),
    );

    it(
      'of 50 concurrent recalls of one message, exactly one wins',
      withStore(async (store) => {
        const { msgId } = await store.insertMessage(message());
        const outcomes = await Promise.all(
          Array.from({ length: 50 }, () => store.withdrawMessage({ appKey: APP, msgId, now: NOW, windowMs: WINDOW_MS })),
        );
        expect(outcomes.filter((outcome) => outcome === 'withdrawn')).toHaveLength(1);
        expect(outcomes.filter((outcome) => outcome === 'already-withdrawn')).toHaveLength(49);
      }),
    );

    it(
      'creates an app once, saves over it keeping its creation time, lists apps in creation order, moves its revision on every change',
      withStore(async (store) => {
        const start = await store.appsRevision();
        expect(await store.createApp(app(OTHER, { createdAt: 2_000, updatedAt: 2_000 }))).toBe(true);
        expect(await store.createApp(app(APP))).toBe(true);
        const afterCreates = await store.appsRevision();
        expect(afterCreates).not.toBe(start);
        expect(await store.createApp(app(APP, { kind: 'created' }))).toBe(false);
        expect(await store.appsRevision()).toBe(afterCreates);
        await store.saveApp(app(APP, { secretHash: Uint8Array.of(9, 9), kind: 'development', createdAt: 5_000, updatedAt: 6_000 }));
        const saved = await store.findApp(APP);
        expect(saved?.kind).toBe('development');
        expect(Array.from(saved?.secretHash ?? [])).toEqual([9, 9]);
        expect(Array.from(saved?.secretSalt ?? [])).toEqual([1, 2, 3, 4]);
        expect(saved?.createdAt).toBe(1_000);
        expect(saved?.updatedAt).toBe(6_000);
        expect(await store.appsRevision()).not.toBe(afterCreates);
        expect((await store.listApps()).map((stored) => stored.appKey)).toEqual([APP, OTHER]);
        expect(await store.findApp('no-such-app')).toBeUndefined();
      }),
    );

    it(
      'retention deletes messages sent before a time, at most a batch at a time; they are then unknown',
      withStore(async (store) => {
        const old = await Promise.all(Array.from({ length: 5 }, () => store.insertMessage(message({ sentAt: NOW - 2 * WINDOW_MS }))));
        const { msgId: recent } = await store.insertMessage(message());
        expect(await store.deleteMessagesSentBefore(NOW - WINDOW_MS, 3)).toBe(3);
        expect(await store.deleteMessagesSentBefore(NOW - WINDOW_MS, 3)).toBe(2);
        expect(await store.deleteMessagesSentBefore(NOW - WINDOW_MS, 3)).toBe(0);
        for (const { msgId } of old) {
          expect(await store.findMessage(APP, msgId)).toBeUndefined();
          expect(await store.withdrawMessage({ appKey: APP, msgId, now: NOW, windowMs: WINDOW_MS })).toBe('unknown');
        }
        expect(await store.countMessages(APP)).toBe(1);
        expect((await store.findMessage(APP, recent))?.msgId).toBe(recent);
      }),
    );

    it('answers ping while open, and fails once closed', async () => {
      const store = await open();
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
      await expect(store.ping()).rejects.toThrow();
    });
  });
}
