// App credentials: generation, the stored form (a random per-app salt and
// SHA-256(salt ‖ secret), never the secret), constant-time verification and the Basic
// header. A fast hash suffices because secrets are 96-bit random strings: a slow KDF would
// cost milliseconds on every request without making a stolen hash any weaker.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface Credentials {
  appKey: string;
  masterSecret: string;
}

export interface SecretHash {
  salt: Uint8Array;
  hash: Uint8Array;
}

/** 24 lower-case hex characters (96 random bits), the vendor's format. */
export function generateAppKey(): string {
  return randomBytes(12).toString('hex');
}

/** 24 lower-case hex characters (96 random bits), the vendor's format. */
export function generateMasterSecret(): string {
  return randomBytes(12).toString('hex');
}

export function hashSecretWithSalt(secret: string, salt: Uint8Array): Buffer {
  return createHash('sha256').update(salt).update(secret, 'utf8').digest();
}

export function hashSecret(secret: string, salt: Uint8Array = randomBytes(16)): SecretHash {
  return { salt, hash: hashSecretWithSalt(secret, salt) };
}

export function secretMatches(secret: string, stored: SecretHash): boolean {
  const candidate = hashSecretWithSalt(secret, stored.salt);
  return candidate.length === stored.hash.length && timingSafeEqual(candidate, stored.hash);
}

/** The `Authorization` header value for these credentials. */
export function basicAuthorization({ appKey, masterSecret }: Credentials): string {
  return `Basic ${Buffer.from(`${appKey}:${masterSecret}`, 'utf8').toString('base64')}`;
}

const BASIC = /^basic +([A-Za-z0-9+/]+={0,2}) *$/i;

/** `Basic base64(appKey:masterSecret)` → the pair, or null when missing or malformed. */
export function parseBasicAuthorization(header: string | undefined): Credentials | null {
  if (header === undefined || header.length > 1024) return null;
  const encoded = BASIC.exec(header)?.[1];
  if (encoded === undefined) return null;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return null;
  return { appKey: decoded.slice(0, colon), masterSecret: decoded.slice(colon + 1) };
}
