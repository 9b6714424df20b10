// The fast-check seed of a run: FC_SEED, else a fixed default, so every run generates the
// same requests and a failure reproduces with the seed it prints.
export const DEFAULT_SEED = 20261126;

export function fastCheckSeed(): number {
  const raw = process.env.FC_SEED;
  if (raw === undefined || raw.trim() === '') return DEFAULT_SEED;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, got "${raw}"`);
  return seed;
}
