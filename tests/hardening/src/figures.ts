// What the files measure (requests tried, answers by status, writes acknowledged and lost,
// medians…) goes to test-output/figures.json, each file under its own key, with the seed of
// the run. scripts/print-figures.mjs prints them.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordFigures as record } from '@push-api/test-support/figures';
import { fastCheckSeed } from './seed.js';

export { Tally } from '@push-api/test-support/figures';

export const FIGURES_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-output', 'figures.json');

/** Stores `value` under `key` (merged one level deep with what is there), with the seed. */
export function recordFigures(key: string, value: Record<string, unknown>): void {
  record(FIGURES_FILE, key, { ...value, seed: fastCheckSeed() });
}
