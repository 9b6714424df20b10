// Builds the site when dist/ is missing or older than what it is built from, so `vitest`
// alone tests what the sources say. Under turbo, `test` runs after `build` and this is a no-op
// (rebuilding then would race with other packages reading dist/).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { appDir, distDir, samplesDir, specJsonPath } from './paths.js';

function newestMtime(paths: string[]): number {
  let newest = 0;
  for (const path of paths) {
    const info = statSync(path, { throwIfNoEntry: false });
    if (!info) continue;
    if (info.isDirectory()) newest = Math.max(newest, newestMtime(readdirSync(path).map((name) => join(path, name))));
    else newest = Math.max(newest, info.mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  const built = statSync(join(distDir, 'index.html'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const sources = newestMtime([
    join(appDir, 'guides'),
    join(appDir, 'scripts'),
    join(appDir, 'src'), // the live panel's script
    join(appDir, 'samples'), // shown by the guides (docs-sample)
    join(appDir, 'redocly.yaml'),
    specJsonPath,
    samplesDir,
  ]);
  if (built >= sources) return;
  const result = spawnSync(process.execPath, [join(appDir, 'scripts', 'build.mjs')], { cwd: appDir, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`the docs build failed (exit ${result.status})`);
}
