// The engine runs wherever Web standards do: its built entry points bundle, for a platform
// that has no Node built-in (esbuild's `neutral`), from the engine's own files alone — no
// `node:` module, no package to install. Its sources also type-check without Node's types
// (tsconfig.web.json, in `pnpm typecheck`).
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

describe('the built engine', () => {
  it.each(['index.js', 'index.cjs'])('%s bundles for a runtime without Node, from its own files only', async (entry) => {
    const result = await build({
      entryPoints: [`${dist}${entry}`],
      bundle: true,
      platform: 'neutral',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.length).toBeGreaterThan(0);
    expect(inputs.filter((input) => !input.startsWith('dist/'))).toEqual([]);
  });
});
