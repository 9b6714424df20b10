// Where things are, for the tests.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const distDir = join(appDir, 'dist');
export const outputDir = join(appDir, 'test-output');
export const guidesDir = join(appDir, 'guides');
export const specJsonPath = createRequire(import.meta.url).resolve('@push-api/spec/openapi.json');
/** spec/code-samples: beside the spec's dist folder. */
export const samplesDir = join(dirname(specJsonPath), '..', 'code-samples');
/** Where `pnpm samples` (tsconfig.samples.json) compiles the samples. */
export const samplesBuildDir = join(appDir, 'samples-build');
