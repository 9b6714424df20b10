// What a test suite measures (requests tried, answers by status, writes acknowledged and
// lost…) for CI to print: a JSON file of the suite's test-output folder, each test file under
// its own key. `printFigures` is what `.ci/run` shows after the tests.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

type Figures = Record<string, unknown>;

function readFigures(file: string): Figures {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Figures) : {};
  } catch {
    return {};
  }
}

/** Stores `value` under `key` in `file` (merged one level deep with what is there). */
export function recordFigures(file: string, key: string, value: Record<string, unknown>): void {
  const figures = readFigures(file);
  const previous = figures[key];
  const base = typeof previous === 'object' && previous !== null && !Array.isArray(previous) ? (previous as Figures) : {};
  figures[key] = { ...base, ...value, recordedAt: new Date().toISOString() };
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(figures, null, 2)}\n`);
  renameSync(temporary, file);
}

/** A tally by label, e.g. answers by status. */
export class Tally {
  readonly counts: Record<string, number> = {};
  add(label: string | number, n = 1): void {
    const key = String(label);
    this.counts[key] = (this.counts[key] ?? 0) + n;
  }
  get total(): number {
    return Object.values(this.counts).reduce((sum, n) => sum + n, 0);
  }
  sorted(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.counts).sort(([a], [b]) => a.localeCompare(b)));
  }
}

/** The figures of `file`, one line a key: `key: name=value, …` (nested objects inline). */
export function formatFigures(file: string): string[] {
  const flat = (value: unknown): string =>
    typeof value === 'object' && value !== null
      ? `{${Object.entries(value)
          .map(([k, v]) => `${k}: ${flat(v)}`)
          .join(', ')}}`
      : String(value);
  return Object.entries(readFigures(file)).map(([key, value]) => {
    const entries = typeof value === 'object' && value !== null ? Object.entries(value).filter(([k]) => k !== 'recordedAt') : [];
    return `${key}: ${entries.map(([k, v]) => `${k}=${flat(v)}`).join(', ')}`;
  });
}

/**
 * What a suite's scripts/print-figures.mjs prints: the figures of its test-output folder (next
 * to `scriptsDir`), each line prefixed with `label`, or a line saying there are none yet.
 */
export function printFigures(scriptsDir: string, label: string, packageName: string): void {
  const file = join(scriptsDir, '..', 'test-output', 'figures.json');
  if (!existsSync(file)) {
    console.log(`${label} figures: none yet (run the tests: pnpm --filter ${packageName} test)`);
    return;
  }
  for (const line of formatFigures(file)) console.log(`${label} ${line}`);
}
