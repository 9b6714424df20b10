// Provisions the apps a start needs: the ones of PUSH_APPS (created, or their secret
// updated), else — on a first start with no app at all, outside production — a development
// app whose credentials are written to DATA_DIR/dev-app.json (mode 0600).
import { existsSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '@push-api/engine';
import type { AppStore } from './store/types.js';
import { generateAppKey, generateMasterSecret, hashSecret, secretMatches, type Credentials } from '@push-api/engine';

export const DEV_APP_FILE = 'dev-app.json';

export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

export interface ProvisionOptions {
  dataDir: string;
  pushApps: Credentials[];
  production: boolean;
  clock: Clock;
}

export interface DevelopmentApp {
  appKey: string;
  /** undefined when dev-app.json is missing or unreadable. */
  masterSecret: string | undefined;
  file: string;
  /** true on the start that created it. */
  created: boolean;
}

export interface ProvisionResult {
  /** AppKeys of PUSH_APPS that were created or had their secret changed. */
  updated: string[];
  /** The development app, when it exists (it cannot authenticate in production). */
  developmentApp: DevelopmentApp | undefined;
  appCount: number;
}

function readDevSecret(file: string, appKey: string): string | undefined {
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<Credentials>;
    return saved.appKey === appKey && typeof saved.masterSecret === 'string' ? saved.masterSecret : undefined;
  } catch {
    return undefined;
  }
}

export async function provisionApps(store: AppStore, options: ProvisionOptions): Promise<ProvisionResult> {
  const updated: string[] = [];
  for (const { appKey, masterSecret } of options.pushApps) {
    const existing = await store.findApp(appKey);
    if (
      existing &&
      existing.kind === 'configured' &&
      (await secretMatches(masterSecret, { salt: existing.secretSalt, hash: existing.secretHash }))
    ) {
      continue;
    }
    const { salt, hash } = await hashSecret(masterSecret);
    const now = options.clock.now();
    await store.saveApp({
      appKey,
      secretSalt: salt,
      secretHash: hash,
      kind: 'configured',
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    });
    updated.push(appKey);
  }

  let apps = await store.listApps();
  const file = join(options.dataDir, DEV_APP_FILE);
  let developmentApp: DevelopmentApp | undefined;

  if (apps.length === 0) {
    if (options.production) {
      throw new StartupError(
        'no app is configured: set PUSH_APPS="appKey:secret,…" or run `pnpm --filter @push-api/server app:create` (NODE_ENV=production never creates a development app)',
      );
    }
    const credentials: Credentials = { appKey: generateAppKey(), masterSecret: generateMasterSecret() };
    const { salt, hash } = await hashSecret(credentials.masterSecret);
    const now = options.clock.now();
    await store.createApp({
      appKey: credentials.appKey,
      secretSalt: salt,
      secretHash: hash,
      kind: 'development',
      createdAt: now,
      updatedAt: now,
    });
    writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    apps = await store.listApps();
    developmentApp = { ...credentials, file, created: true };
  } else {
    const dev = apps.find((app) => app.kind === 'development');
    if (dev) {
      developmentApp = {
        appKey: dev.appKey,
        masterSecret: existsSync(file) ? readDevSecret(file, dev.appKey) : undefined,
        file,
        created: false,
      };
    }
  }

  if (options.production && apps.every((app) => app.kind === 'development')) {
    throw new StartupError(
      'refusing to start in production with only the development app: set PUSH_APPS="appKey:secret,…" or run `pnpm --filter @push-api/server app:create`',
    );
  }
  return { updated, developmentApp, appCount: apps.length };
}
