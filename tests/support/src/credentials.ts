/** An app's credentials: the Basic auth pair. */
export interface TestApp {
  appKey: string;
  masterSecret: string;
}

/** The vendor documentation's public test pair: the app every test pushes and recalls with. */
export const TEST_APP: TestApp = { appKey: 'c96f42e0d2e662e45d035ab1', masterSecret: 'df4d59e84eac2f9d53b36f12' };

/** A second app, to show that apps cannot see each other's messages. */
export const OTHER_APP: TestApp = { appKey: '0a1b2c3d4e5f60718293a4b5', masterSecret: '5b4a3928170f6e5d4c3b2a10' };

/** `Basic base64(appKey:masterSecret)`. */
export function basicAuthorization({ appKey, masterSecret }: TestApp): string {
  return `Basic ${Buffer.from(`${appKey}:${masterSecret}`, 'utf8').toString('base64')}`;
}

/** The `PUSH_APPS` value that configures these apps on the reference server. */
export function pushApps(...apps: TestApp[]): string {
  return apps.map(({ appKey, masterSecret }) => `${appKey}:${masterSecret}`).join(',');
}
