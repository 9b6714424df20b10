// Runs once per `vitest run`, in the main process: starts the figures afresh and says which
// seed the properties use.
import { rmSync } from 'node:fs';
import { FIGURES_FILE } from './figures.js';
import { fastCheckSeed } from './seed.js';

export default function setup(): void {
  // The figures are those of this run: each file adds its own.
  rmSync(FIGURES_FILE, { force: true });
  const fromEnv = process.env.FC_SEED !== undefined && process.env.FC_SEED.trim() !== '';
  console.log(`fast-check seed: ${fastCheckSeed()}${fromEnv ? ' (FC_SEED)' : ' (default; set FC_SEED to change it)'}`);
}
