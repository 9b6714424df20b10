import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  // What the build puts in (tsup.config.ts).
  define: { __PUSH_API_CLI_VERSION__: JSON.stringify(version) },
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-output/vitest.json' }]],
    // The end-to-end file starts the reference server and many CLI processes: one file at a
    // time keeps this from competing with itself on a small machine.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
