// App credentials with Web Crypto (so that they work wherever the engine runs): generation,
// the stored form (a random per-app salt and SHA-256(salt ‖ secret), never the secret), a
// comparison that takes the same time whatever differs, and the Basic header. A fast hash
// suffices because secrets are 96-bit random strings: a slow KDF would cost milliseconds on
// every verification without making a stolen hash any weaker.

export interface Credentials {
  appKey: string;
  masterSecret: string;
}

export interface SecretHash {
  salt: Uint8Array;
  hash: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const hex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
const randomBytes = (length: number) => crypto.getRandomValues(new Uint8Array(length));

/** 24 lower-case hex characters (96 random bits), the vendor's format. */
export function generateAppKey(): string {
  return hex(randomBytes(12));
}

/** 24 lower-case hex characters (96 random bits), the vendor's format. */
export function generateMasterSecret(): string {
  return hex(randomBytes(12));
}

export async function hashSecretWithSalt(secret: string, salt: Uint8Array): Promise<Uint8Array> {
  const text = encoder.encode(secret);
  const input = new Uint8Array(salt.length + text.length);
  input.set(salt);
  input.set(text, salt.length);
  return new Uint8Array(await crypto.subtle.digest('SHA-256', input));
}

export async function hashSecret(secret: string, salt: Uint8Array = randomBytes(16)): Promise<SecretHash> {
  return { salt, hash: await hashSecretWithSalt(secret, salt) };
}

/**
 * Whether two byte strings are equal, in a time that depends only on their lengths (every
 * byte is looked at, whichever differ): a hash compared this way tells nothing by its timing.
 */
export function equalInConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] as number) ^ (b[i] as number);
  return difference === 0;
}

export async function secretMatches(secret: string, stored: SecretHash): Promise<boolean> {
  return equalInConstantTime(await hashSecretWithSalt(secret, stored.salt), stored.hash);
}

/** base64 of the UTF-8 bytes of `text`. */
function base64(text: string): string {
  let binary = '';
  for (const byte of encoder.encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The `Authorization` header value for these credentials. */
export function basicAuthorization({ appKey, masterSecret }: Credentials): string {
  return `Basic ${base64(`${appKey}:${masterSecret}`)}`;
}

const BASIC = /^basic +([A-Za-z0-9+/]+={0,2}) *$/i;

/** The UTF-8 text of base64 (lenient on missing padding, as Node's decoder is), or null. */
function fromBase64(encoded: string): string | null {
  const padded = encoded.length % 4 === 0 ? encoded : encoded + '='.repeat(4 - (encoded.length % 4));
  let binary: string;
  try {
    binary = atob(padded);
  } catch {
    return null;
  }
  return decoder.decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
}

/** `Basic base64(appKey:masterSecret)` → the pair, or null when missing or malformed. */
export function parseBasicAuthorization(header: string | undefined): Credentials | null {
  if (header === undefined || header.length > 1024) return null;
  const encoded = BASIC.exec(header)?.[1];
  if (encoded === undefined) return null;
  const decoded = fromBase64(encoded);
  if (decoded === null) return null;
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return null;
  return { appKey: decoded.slice(0, colon), masterSecret: decoded.slice(colon + 1) };
}
