// Servers whose life is the life of a test (or of the tests of a file): started by a hook,
// closed by the matching one, so no test file repeats `let server; afterEach(close)`.
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

export interface Closable {
  close(): Promise<void>;
}

/**
 * Starts a server with `start` before each test (`scope: 'each'`, the default) or once
 * before the tests of the enclosing file or describe (`'all'`), and closes it after. The
 * answer gives the current one.
 */
export function useTestServer<T extends Closable>(start: () => Promise<T>, { scope = 'each' }: { scope?: 'each' | 'all' } = {}): () => T {
  let current: T | undefined;
  const [before, after] = scope === 'each' ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(async () => {
    current = await start();
  });
  after(async () => {
    const closing = current;
    current = undefined;
    await closing?.close();
  });
  return () => {
    if (current === undefined) throw new Error('useTestServer: no server now (only inside a test of its scope)');
    return current;
  };
}

/**
 * For servers a test starts itself (with options of its own): `closing(server)` closes it
 * after the test, whatever its outcome.
 */
export function closeAfterEach(): <T extends Closable>(resource: T) => T {
  const open: Closable[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((resource) => resource.close()));
  });
  return (resource) => {
    open.push(resource);
    return resource;
  };
}
