// The client must run unchanged in Node, browsers, Deno and Bun: only web-standard globals.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function stripComments(code: string) {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

// `pnpm typecheck` (tsconfig.web.json) checks src with web libraries and no Node types, so a Node-only
// global fails it; this test also catches them in code that would type-check anyway.
const srcDir = join(import.meta.dirname, '..', 'src');
const sources = readdirSync(srcDir)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => [name, stripComments(readFileSync(join(srcDir, name), 'utf8'))] as const);

/** The fields of package.json this test reads; any of them may be wrong, hence `unknown`. */
interface PackageJson {
  type?: unknown;
  sideEffects?: unknown;
  exports?: Record<string, unknown>;
}

describe('portability', () => {
  it('reads some sources', () => {
    expect(sources.map(([name]) => name)).toEqual(expect.arrayContaining(['client.ts', 'errors.ts', 'index.ts']));
  });

  it.each(sources)('%s has no node: import and no Node-only global', (_, code) => {
    expect(code).not.toMatch(/from\s+['"]node:|require\(|import\(\s*['"]node:/);
    expect(code).not.toMatch(/\b(process|Buffer|__dirname|__filename|global|setImmediate|require)\s*[.([]/);
  });

  // tests/packaging installs the packed package and proves each resolution mode works.
  it('the package declares ESM and CommonJS builds, each with its types first, and no side effects', () => {
    const pkg = JSON.parse(readFileSync(join(srcDir, '..', 'package.json'), 'utf8')) as PackageJson;
    expect(pkg.type).toBe('module');
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.exports?.['.']).toEqual({
      import: { types: './dist/index.d.ts', default: './dist/index.js' },
      require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
    });
  });
});
