// Each run records its own figures.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  rmSync(fileURLToPath(new URL('../test-output/figures.json', import.meta.url)), { force: true });
}
