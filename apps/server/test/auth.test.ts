// Authentication in the server: the app cache over a store another process changes, PUSH_APPS
// seeding and the development app (created on a first start, refused in production). The
// Basic header and the hashes themselves: packages/engine/test/credentials.test.ts.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { closeAfterEach } from '@push-api/test-support';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '@push-api/types';
import { RECHECK_MS, generateAppKey, generateMasterSecret, hashSecret, secretMatches } from '@push-api/engine';
import { DEV_APP_FILE, StartupError, provisionApps } from '../src/provision-apps.js';
import {
  ManualClock,
  OTHER_APP,
  TEST_APP,
  authorization,
  createTestServer,
  newStoreLocation,
  notificationPush,
  openTestStore,
  push,
  storeWith,
} from './helpers.js';

describe('the app directory behind authentication', () => {
  const closing = closeAfterEach();

  it('sees an app created by another process (another store on the same file) without a restart', async () => {
    const server = closing(await createTestServer({ apps: [TEST_APP] }));
    const newcomer = { appKey: generateAppKey(), masterSecret: generateMasterSecret() };
    expect((await push(server.app, newcomer, notificationPush())).statusCode).toBe(401);

    const other = await server.openSecondStore();
    const { salt, hash } = await hashSecret(newcomer.masterSecret);
    await other.createApp({ appKey: newcomer.appKey, secretSalt: salt, secretHash: hash, kind: 'created', createdAt: 1, updatedAt: 1 });
    await other.close();

    expect((await push(server.app, newcomer, notificationPush())).statusCode).toBe(200);
  });

  it('follows a secret rotated by another process: the new one works at once, the old one stops within RECHECK_MS', async () => {
    const server = closing(await createTestServer({ apps: [TEST_APP] }));
    expect((await push(server.app, TEST_APP, notificationPush())).statusCode).toBe(200); // now cached
    const rotated = { ...TEST_APP, masterSecret: generateMasterSecret() };
    const other = await server.openSecondStore();
    await provisionApps(other, { dataDir: server.dataDir, pushApps: [rotated], production: false, clock: new ManualClock() });
    await other.close();

    expect((await push(server.app, rotated, notificationPush())).statusCode).toBe(200);
    server.clock.advance(RECHECK_MS - 1);
    expect((await push(server.app, TEST_APP, notificationPush())).statusCode).toBe(200);
    server.clock.advance(1);
    const old = await push(server.app, TEST_APP, notificationPush());
    expect(old.statusCode).toBe(401);
    expect(old.json()).toEqual({ error: { code: ErrorCodes.VERIFICATION_FAILED, message: 'Verification failed' } });
  });

  it('verifies a header once, then answers from memory (no store read)', async () => {
    let reads = 0;
    const server = closing(
      await createTestServer({
        apps: [TEST_APP],
        wrapStore: (store) => storeWith(store, { appsRevision: () => (reads++, store.appsRevision()) }),
      }),
    );
    for (let i = 0; i < 5; i++) expect((await push(server.app, TEST_APP, notificationPush())).statusCode).toBe(200);
    expect(reads).toBe(1);
    // Wrong secrets are never remembered: each one is checked against the store.
    for (let i = 0; i < 3; i++)
      expect((await push(server.app, { ...TEST_APP, masterSecret: 'wrong' }, notificationPush())).statusCode).toBe(401);
    expect(reads).toBe(4);
  });

  it('in production the development app cannot authenticate, even if it exists', async () => {
    const location = newStoreLocation();
    const { dataDir } = location;
    const store = await openTestStore(location);
    const seeded = await provisionApps(store, { dataDir, pushApps: [], production: false, clock: new ManualClock() });
    await store.close();
    const dev = { appKey: seeded.developmentApp!.appKey, masterSecret: seeded.developmentApp!.masterSecret! };

    const server = closing(await createTestServer({ location, apps: [TEST_APP], production: true }));
    expect((await push(server.app, dev, notificationPush())).statusCode).toBe(401);
    expect((await push(server.app, TEST_APP, notificationPush())).statusCode).toBe(200);
  });
});

describe('provisionApps', () => {
  const closing = closeAfterEach();
  const clock = new ManualClock();

  it('creates the PUSH_APPS apps, stores no secret in clear, and updates a changed secret', async () => {
    const location = newStoreLocation();
    const { dataDir } = location;
    const store = closing(await openTestStore(location));
    const first = await provisionApps(store, { dataDir, pushApps: [TEST_APP, OTHER_APP], production: true, clock });
    expect(first.updated).toEqual([TEST_APP.appKey, OTHER_APP.appKey]);
    expect(first.developmentApp).toBeUndefined();
    const again = await provisionApps(store, { dataDir, pushApps: [TEST_APP, OTHER_APP], production: true, clock });
    expect(again.updated).toEqual([]);

    const rotated = { ...TEST_APP, masterSecret: 'a-new-secret-of-enough-length' };
    expect((await provisionApps(store, { dataDir, pushApps: [rotated], production: true, clock })).updated).toEqual([TEST_APP.appKey]);
    const app = await store.findApp(TEST_APP.appKey);
    expect(await secretMatches(rotated.masterSecret, { salt: app!.secretSalt, hash: app!.secretHash })).toBe(true);
    expect(await secretMatches(TEST_APP.masterSecret, { salt: app!.secretSalt, hash: app!.secretHash })).toBe(false);

    // What is stored holds no secret (apps/server/test/store.test.ts also reads the SQLite file's bytes).
    for (const stored of await store.listApps()) {
      for (const value of [stored.secretSalt, stored.secretHash]) {
        expect(Buffer.from(value).includes(TEST_APP.masterSecret)).toBe(false);
        expect(Buffer.from(value).includes(rotated.masterSecret)).toBe(false);
      }
    }
  });

  it('creates a development app on a first start without apps, saved in dev-app.json (0600), then reuses it', async () => {
    const location = newStoreLocation();
    const { dataDir } = location;
    const store = closing(await openTestStore(location));
    const first = await provisionApps(store, { dataDir, pushApps: [], production: false, clock });
    const dev = first.developmentApp!;
    expect(dev.created).toBe(true);
    expect(dev.appKey).toMatch(/^[0-9a-f]{24}$/);
    const file = join(dataDir, DEV_APP_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ appKey: dev.appKey, masterSecret: dev.masterSecret });
    const stored = await store.findApp(dev.appKey);
    expect(stored?.kind).toBe('development');
    expect(await secretMatches(dev.masterSecret!, { salt: stored!.secretSalt, hash: stored!.secretHash })).toBe(true);

    const second = await provisionApps(store, { dataDir, pushApps: [], production: false, clock });
    expect(second.developmentApp).toEqual({ ...dev, created: false });
    expect(await store.listApps()).toHaveLength(1);
  });

  it('does not create a development app when PUSH_APPS names apps', async () => {
    const location = newStoreLocation();
    const { dataDir } = location;
    const store = closing(await openTestStore(location));
    const seeded = await provisionApps(store, { dataDir, pushApps: [TEST_APP], production: false, clock });
    expect(seeded.developmentApp).toBeUndefined();
    expect(existsSync(join(dataDir, DEV_APP_FILE))).toBe(false);
  });

  it('refuses production with no app, and with only the development app', async () => {
    const location = newStoreLocation();
    const { dataDir } = location;
    const store = closing(await openTestStore(location));
    await expect(provisionApps(store, { dataDir, pushApps: [], production: true, clock })).rejects.toThrow(StartupError);
    expect(await store.listApps()).toHaveLength(0);

    await provisionApps(store, { dataDir, pushApps: [], production: false, clock });
    await expect(provisionApps(store, { dataDir, pushApps: [], production: true, clock })).rejects.toThrow(/only the development app/);
    // With a real app configured, production starts (the dev app is then refused at auth).
    const ok = await provisionApps(store, { dataDir, pushApps: [TEST_APP], production: true, clock });
    expect(ok.appCount).toBe(2);
  });

  it('reports an unknown dev secret when dev-app.json was lost or belongs to another app', async () => {
    const location = newStoreLocation();
    const { dataDir } = location;
    const store = closing(await openTestStore(location));
    await provisionApps(store, { dataDir, pushApps: [], production: false, clock });
    writeFileSync(join(dataDir, DEV_APP_FILE), JSON.stringify({ appKey: 'someone-else', masterSecret: 'x' }));
    const seeded = await provisionApps(store, { dataDir, pushApps: [], production: false, clock });
    expect(seeded.developmentApp?.masterSecret).toBeUndefined();
  });
});

describe('what authentication does not reveal', () => {
  const closing = closeAfterEach();

  it('a wrong secret of a known AppKey and an unknown AppKey do the same work: one revision read, no per-key lookup', async () => {
    const calls: string[] = [];
    const server = closing(
      await createTestServer({
        apps: [TEST_APP],
        wrapStore: (store) =>
          storeWith(store, {
            appsRevision: () => (calls.push('appsRevision'), store.appsRevision()),
            findApp: (appKey) => (calls.push('findApp'), store.findApp(appKey)),
            listApps: () => (calls.push('listApps'), store.listApps()),
          }),
      }),
    );
    await push(server.app, TEST_APP, notificationPush()); // loads the apps once
    const workOf = async (credentials: { appKey: string; masterSecret: string }) => {
      calls.length = 0;
      expect((await push(server.app, credentials, notificationPush())).statusCode).toBe(401);
      return [...calls];
    };
    const wrongSecret = await workOf({ ...TEST_APP, masterSecret: 'not-the-secret' });
    const unknownKey = await workOf({ appKey: 'ffffffffffffffffffffffff', masterSecret: 'not-the-secret' });
    expect(wrongSecret).toEqual(['appsRevision']);
    expect(unknownKey).toEqual(wrongSecret);
  });

  it('too many failures from one address in a minute answer 429 until the minute ends, even with good credentials', async () => {
    const server = closing(await createTestServer({ config: { authFailuresPerMinute: 3 } }));
    server.clock.ms = Math.ceil(server.clock.ms / 60_000) * 60_000;
    const from = (address: string, credentials: { appKey: string; masterSecret: string }) =>
      server.app.inject({
        method: 'POST',
        url: '/v4/push',
        remoteAddress: address,
        headers: authorization(credentials),
        payload: notificationPush(),
      });
    const wrong = { ...TEST_APP, masterSecret: 'guess' };
    for (let i = 0; i < 3; i++) expect((await from('10.0.0.1', wrong)).statusCode).toBe(401);
    const refused = await from('10.0.0.1', TEST_APP);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({
      error: { code: ErrorCodes.RATE_LIMITED, message: 'Request rate limit exceeded,too many failed authentications from this address' },
    });
    expect(refused.headers['retry-after']).toBe('60');
    // Another address is unaffected; the blocked one may try again once its minute is over.
    expect((await from('10.0.0.2', TEST_APP)).statusCode).toBe(200);
    server.clock.advance(59_999);
    expect((await from('10.0.0.1', TEST_APP)).statusCode).toBe(429);
    server.clock.advance(1);
    expect((await from('10.0.0.1', TEST_APP)).statusCode).toBe(200);
  });

  it('AUTH_FAILURES_PER_MINUTE=0 never refuses', async () => {
    const server = closing(await createTestServer({ config: { authFailuresPerMinute: 0 } }));
    for (let i = 0; i < 100; i++)
      expect((await push(server.app, { ...TEST_APP, masterSecret: 'guess' }, notificationPush())).statusCode).toBe(401);
  });
});
