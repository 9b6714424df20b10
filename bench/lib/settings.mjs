// The knobs of a bench run, in one place: the full run (`pnpm bench`) and the smoke pass (what
// CI runs). run.mjs hands them to client.mjs and server.mjs; either script run alone reads
// them from its command line.
import { writeFileSync } from 'node:fs';

export const SETTINGS = {
  full: { duration: 5, runs: 3, connections: 50, recallsPerRun: 60_000, startups: 5, rounds: 7, calls: 20_000, httpCalls: 10_000 },
  smoke: { duration: 1, runs: 1, connections: 50, recallsPerRun: 3000, startups: 1, rounds: 1, calls: 300, httpCalls: 300 },
};

const option = (name) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
};

/**
 * A script run on its own (`node bench/server.mjs [--smoke] [--settings JSON] [--out FILE]`):
 * its figures with the settings asked for, written to --out as JSON or printed.
 */
export async function runAlone(figuresOf) {
  const given = option('--settings');
  const settings = given ? JSON.parse(given) : SETTINGS[process.argv.includes('--smoke') ? 'smoke' : 'full'];
  const figures = await figuresOf(settings);
  const out = option('--out');
  if (out) writeFileSync(out, JSON.stringify(figures));
  else console.log(JSON.stringify(figures, null, 2));
}
