// Medians of repeated runs, with their spread, as the bench reports every figure.

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** { median, min, max } of the runs. */
export const spread = (values) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });

/** "12 345 (11 900–12 600)" with `digits` decimals. */
export function formatSpread({ median: mid, min, max }, digits = 0) {
  const f = (value) => value.toFixed(digits);
  return min === max ? f(mid) : `${f(mid)} (${f(min)}–${f(max)})`;
}
