// Which Authorization headers authenticate which app. A header is verified once (decoded,
// its secret hashed with the app's salt and compared in constant time), then trusted for
// RECHECK_MS, so the steady state costs one Map lookup and a secret rotated or an app
// created elsewhere (app:create, another instance) takes effect within that time. Failures
// are never cached, so a new app works at once.
import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.js';
import { hashSecret, hashSecretWithSalt, parseBasicAuthorization } from './credentials.js';
import type { AppStore, StoredApp } from '../store/types.js';

export interface AppDirectoryOptions {
  /** false in production: the development app cannot authenticate there. */
  acceptDevelopmentApp: boolean;
  clock: Clock;
}

/** How long a verified header is trusted before the store is asked again. */
export const RECHECK_MS = 5000;
/** Bound of the verified-header cache (it is cleared when full). */
const MAX_VERIFIED = 10_000;

// Unknown AppKeys are checked against this, so they cost the same time as known ones.
const NO_APP = hashSecret('no such app');

interface Verified {
  appKey: string;
  until: number;
}

export class AppDirectory {
  readonly #store: AppStore;
  readonly #acceptDevelopmentApp: boolean;
  readonly #clock: Clock;
  readonly #verified = new Map<string, Verified>();

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
    const app = await this.#store.findApp(credentials.appKey);
    if (app === undefined) {
      timingSafeEqual(hashSecretWithSalt(credentials.masterSecret, NO_APP.salt), NO_APP.hash);
      return null;
    }
    const hash = hashSecretWithSalt(credentials.masterSecret, app.secretSalt);
    if (!timingSafeEqual(hash, app.secretHash) || !this.#usable(app)) return null;
    if (this.#verified.size >= MAX_VERIFIED) this.#verified.clear();
    this.#verified.set(header, { appKey: app.appKey, until: this.#clock.now() + RECHECK_MS });
    return app.appKey;
  }

  #usable(app: StoredApp): boolean {
    return this.#acceptDevelopmentApp || app.kind !== 'development';
  }
}
