// The runtimes the suites run on besides the project's own Node.js (runtimes.json: the other
// Node.js lines for the packed packages, Bun and Deno for the engine), installed by
// `bash scripts/setup.sh --test` into .runtimes/ at the repository's root.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface RuntimeEntry {
  package: string;
  version: string;
  bin: string;
}

const root = fileURLToPath(new URL('../../../', import.meta.url));
const entries = JSON.parse(readFileSync(new URL('../runtimes.json', import.meta.url), 'utf8')) as Record<string, RuntimeEntry | string>;

export type RuntimeName = 'node20' | 'node22' | 'node26' | 'bun' | 'deno';

/** The executable of an installed runtime; throws, saying how to install it, when it is missing. */
export function runtimeExecutable(name: RuntimeName): string {
  const entry = entries[name] as RuntimeEntry;
  const pkg = entry.package.replace('{platform}', process.platform).replace('{arch}', process.arch);
  const bin = join(root, '.runtimes', name, 'node_modules', pkg, entry.bin);
  if (!existsSync(bin)) {
    throw new Error(
      `${name} (${pkg}@${entry.version}) is not installed: run \`bash scripts/setup.sh --test\`, which puts it in .runtimes/`,
    );
  }
  return bin;
}

/** The Node.js lines the published packages are run on: their oldest supported and every one after, this project's own included. */
export function nodeLines(): { name: string; executable: string }[] {
  return [
    { name: 'Node 20', executable: runtimeExecutable('node20') },
    { name: 'Node 22', executable: runtimeExecutable('node22') },
    { name: `Node ${process.versions.node.split('.')[0] ?? ''}`, executable: process.execPath },
    { name: 'Node 26', executable: runtimeExecutable('node26') },
  ];
}

/**
 * A project of a user's as the packaging test starts it (tests/packaging/consumer: msw and
 * vitest installed by their lockfile), to be copied; throws, saying how to install it, when missing.
 */
export function consumerProject(): string {
  const dir = join(root, '.runtimes', 'consumer');
  if (!existsSync(join(dir, 'node_modules', 'msw'))) {
    throw new Error(
      'the consumer project (tests/packaging/consumer) is not installed: run `bash scripts/setup.sh --test`, which puts it in .runtimes/',
    );
  }
  return dir;
}
