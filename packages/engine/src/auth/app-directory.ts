// Which Authorization headers authenticate which app.
// - The apps are held in memory, reloaded whenever the store's apps revision changes, which
//   every verification checks: an app created or a secret rotated elsewhere (app:create,
//   another instance) takes effect at once.
// - A header is verified once (decoded, its secret hashed with the app's salt and compared
//   in constant time), then trusted for RECHECK_MS: the steady state costs one Map lookup.
// - A known AppKey with a wrong secret and an unknown AppKey do the same work (the revision
//   query, a Map lookup, one hash, one comparison), so the time taken does not tell them apart.
import type { Clock } from '../clock.js';
import { equalInConstantTime, hashSecret, hashSecretWithSalt, parseBasicAuthorization } from './credentials.js';
import type { AppStore, StoredApp } from '../store/types.js';

/** What the authentication step asks: the AppKey a header authenticates, or null. */
export interface Authenticator {
  authenticate(header: string | undefined): string | null | Promise<string | null>;
}

/**
 * Accepts any well-formed Basic credentials, as the Prism mock does: its front checks the
 * form of the Authorization header, not whether the app exists.
 */
export const wellFormedCredentials: Authenticator = {
  authenticate: (header) => parseBasicAuthorization(header)?.appKey ?? null,
};

export interface AppDirectoryOptions {
  /** false in production: the development app cannot authenticate there. */
  acceptDevelopmentApp: boolean;
  clock: Clock;
}

/** How long a verified header is trusted before it is verified again. */
export const RECHECK_MS = 5000;
/** Bound of the verified-header cache (it is cleared when full). */
const MAX_VERIFIED = 10_000;

let unknownApp: Promise<StoredApp> | undefined;
/**
 * What an unknown AppKey is checked against, as a known one is against its app. Made on the
 * first unknown AppKey rather than when the engine starts (the hash was ~2 ms of a start).
 */
function unknownAppCredentials(): Promise<StoredApp> {
  unknownApp ??= hashSecret('no such app').then(({ salt, hash }) => ({
    appKey: '',
    secretSalt: salt,
    secretHash: hash,
    kind: 'created',
    createdAt: 0,
    updatedAt: 0,
  }));
  return unknownApp;
}

interface Verified {
  appKey: string;
  until: number;
}

export class AppDirectory implements Authenticator {
  readonly #store: AppStore;
  readonly #acceptDevelopmentApp: boolean;
  readonly #clock: Clock;
  readonly #verified = new Map<string, Verified>();
  #apps = new Map<string, StoredApp>();
  #revision: number | undefined;
  #reloading: Promise<void> | undefined;

  constructor(store: AppStore, options: AppDirectoryOptions) {
    this.#store = store;
    this.#acceptDevelopmentApp = options.acceptDevelopmentApp;
    this.#clock = options.clock;
  }

  /**
   * The AppKey an Authorization header authenticates, or null (missing, malformed, unknown
   * app, wrong secret). Synchronous while the header is in the cache.
   */
  authenticate(header: string | undefined): string | null | Promise<string | null> {
    if (header === undefined) return null;
    const known = this.#verified.get(header);
    if (known !== undefined && known.until > this.#clock.now()) return known.appKey;
    return this.#verify(header);
  }

  async #verify(header: string): Promise<string | null> {
    this.#verified.delete(header);
    const credentials = parseBasicAuthorization(header);
    if (credentials === null) return null;
    await this.#current();
    const found = this.#apps.get(credentials.appKey);
    const app = found ?? (await unknownAppCredentials());
    const matches = equalInConstantTime(await hashSecretWithSalt(credentials.masterSecret, app.secretSalt), app.secretHash);
    if (!matches || found === undefined || !this.#usable(found)) return null;
    if (this.#verified.size >= MAX_VERIFIED) this.#verified.clear();
    this.#verified.set(header, { appKey: found.appKey, until: this.#clock.now() + RECHECK_MS });
    return found.appKey;
  }

  /** Reloads the apps when the store's revision moved (one reload for concurrent callers). */
  async #current(): Promise<void> {
    const revision = await this.#store.appsRevision();
    if (revision === this.#revision) return;
    this.#reloading ??= (async () => {
      try {
        const apps = await this.#store.listApps();
        this.#apps = new Map(apps.map((app) => [app.appKey, app]));
        this.#revision = revision;
      } finally {
        this.#reloading = undefined;
      }
    })();
    await this.#reloading;
  }

  #usable(app: StoredApp): boolean {
    return this.#acceptDevelopmentApp || app.kind !== 'development';
  }
}
